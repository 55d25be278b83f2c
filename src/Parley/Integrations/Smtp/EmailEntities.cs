using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Integrations.Smtp;

/// <summary>
/// One email in the outbox: <c>pending → sending → sent | failed</c>. Stored before any SMTP call; the dispatcher claims a
/// row by moving it to <c>sending</c>, so no two instances send it, and a crash mid-send never resends it silently.
/// </summary>
public sealed class EmailMessage : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string ToAddress { get; set; }
    public string? ToName { get; set; }
    public string? ReplyToAddress { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }

    /// <summary>What the email is for (<c>feedback_reply</c>, <c>invitation</c>, <c>approval_request</c>, <c>test</c>…).</summary>
    public required string Purpose { get; set; }

    /// <summary>The id of what the email is about (a feedback, an invitation…), so features can show its delivery.</summary>
    public string? ReferenceId { get; set; }

    /// <summary>One of <see cref="EmailStatuses"/>.</summary>
    public string Status { get; set; } = EmailStatuses.Pending;

    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The RFC 5322 Message-ID, fixed when queued so every attempt carries the same one.</summary>
    public required string MessageId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? SendingStartedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

public static class EmailStatuses
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public static readonly IReadOnlyList<string> All = [Pending, Sending, Sent, Failed];
}

/// <summary>A workspace's own SMTP server; without one, the server-wide <c>Smtp:*</c> configuration is used.</summary>
public sealed class WorkspaceSmtpSettings : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string Host { get; set; }
    public int Port { get; set; }

    /// <summary>One of <see cref="SmtpSecurityModes"/>.</summary>
    public string Security { get; set; } = SmtpSecurityModes.Auto;

    public string? Username { get; set; }

    /// <summary>Encrypted with <see cref="Platform.Secrets.ISecretProtector"/>.</summary>
    public string? PasswordProtected { get; set; }

    public required string FromAddress { get; set; }
    public string? FromName { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class SmtpSecurityModes
{
    /// <summary>STARTTLS when the server offers it.</summary>
    public const string Auto = "auto";
    public const string None = "none";
    /// <summary>STARTTLS required.</summary>
    public const string StartTls = "starttls";
    /// <summary>TLS from the first byte (port 465).</summary>
    public const string Ssl = "ssl";
    public static readonly IReadOnlyList<string> All = [Auto, None, StartTls, Ssl];
}

internal sealed class EmailMessageConfiguration : IEntityTypeConfiguration<EmailMessage>
{
    public void Configure(EntityTypeBuilder<EmailMessage> builder)
    {
        builder.ToTable("EmailOutbox");
        builder.Property(m => m.Id).HasMaxLength(32);
        builder.Property(m => m.WorkspaceId).HasMaxLength(32);
        builder.Property(m => m.ToAddress).HasMaxLength(256);
        builder.Property(m => m.ToName).HasMaxLength(200);
        builder.Property(m => m.ReplyToAddress).HasMaxLength(256);
        builder.Property(m => m.Subject).HasMaxLength(500);
        builder.Property(m => m.Purpose).HasMaxLength(32);
        builder.Property(m => m.ReferenceId).HasMaxLength(64);
        builder.Property(m => m.Status).HasMaxLength(16);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.Property(m => m.MessageId).HasMaxLength(200);
        // The dispatcher's query: due pending messages across all workspaces.
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => new { m.WorkspaceId, m.CreatedAt });
        builder.HasIndex(m => m.ReferenceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkspaceSmtpSettingsConfiguration : IEntityTypeConfiguration<WorkspaceSmtpSettings>
{
    public void Configure(EntityTypeBuilder<WorkspaceSmtpSettings> builder)
    {
        builder.ToTable("WorkspaceSmtpSettings");
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.WorkspaceId).HasMaxLength(32);
        builder.Property(s => s.Host).HasMaxLength(255);
        builder.Property(s => s.Security).HasMaxLength(16);
        builder.Property(s => s.Username).HasMaxLength(256);
        builder.Property(s => s.PasswordProtected).HasMaxLength(2000);
        builder.Property(s => s.FromAddress).HasMaxLength(256);
        builder.Property(s => s.FromName).HasMaxLength(200);
        builder.HasIndex(s => s.WorkspaceId).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
