using System.ComponentModel.DataAnnotations;

namespace Parley.Integrations.Smtp;

/// <summary>
/// Configuration section <c>Smtp</c>: the server-wide SMTP server, used by workspaces that have not set their own
/// (<c>PUT /api/v1/email/settings</c>). Empty <see cref="Host"/>: no server-wide SMTP.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)] public int Port { get; set; } = 587;

    /// <summary><c>auto</c> (STARTTLS when offered), <c>starttls</c> (required), <c>ssl</c> (TLS from the start, port 465) or <c>none</c>.</summary>
    [RegularExpression("^(auto|none|starttls|ssl)$", ErrorMessage = "Smtp:Security must be auto, none, starttls or ssl.")]
    public string Security { get; set; } = SmtpSecurityModes.Auto;

    public string Username { get; set; } = string.Empty;
    public string Password { get; set; } = string.Empty;

    /// <summary>The sender address; required when <see cref="Host"/> is set.</summary>
    public string FromAddress { get; set; } = string.Empty;

    public string FromName { get; set; } = "Parley";

    /// <summary>Connect, authenticate and send must finish within this many seconds.</summary>
    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Configuration section <c>Email</c>: how the outbox is drained.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>How often the outbox job looks for due messages (it is also nudged whenever a message is queued).</summary>
    [Range(1, 3600)] public int OutboxIntervalSeconds { get; set; } = 15;

    /// <summary>Attempts before a message is marked failed.</summary>
    [Range(1, 50)] public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait after the first failed attempt; doubled after each further one, up to <see cref="RetryMaxSeconds"/>.</summary>
    [Range(0, 86_400)] public int RetryBaseSeconds { get; set; } = 60;

    [Range(1, 604_800)] public int RetryMaxSeconds { get; set; } = 3600;

    /// <summary>Messages sent per run of the job.</summary>
    [Range(1, 1000)] public int BatchSize { get; set; } = 20;

    /// <summary>A message still "sending" after this long belonged to a process that died mid-send: marked failed, not resent blindly.</summary>
    [Range(1, 1440)] public int SendingTimeoutMinutes { get; set; } = 15;
}
