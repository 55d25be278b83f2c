using System.ComponentModel.DataAnnotations;

namespace Parley.Features.AutoReply;

/// <summary>Configuration section <c>AutoReply</c>: how the engine's jobs run. What a business decides lives in its settings.</summary>
public sealed class AutoReplyOptions
{
    public const string Section = "AutoReply";

    /// <summary>How often the dispatcher job looks for due auto-replies (it is also nudged when one becomes due at once).</summary>
    [Range(1, 3600)] public int DispatchIntervalSeconds { get; set; } = 15;

    /// <summary>How often the sweep runs: approval timeouts, missed events, response-rate rechecks, expired claims.</summary>
    [Range(5, 3600)] public int SweepIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// How long a dispatcher's claim on an entry lasts. Must exceed the slowest connector call: an entry still <c>sending</c>
    /// after its lease is checked for whether it went out, never resent blindly.
    /// </summary>
    [Range(10, 3600)] public int LeaseSeconds { get; set; } = 120;

    /// <summary>Attempts for a platform that fails or refuses (timeouts, 429, 5xx) before the entry becomes <c>failed</c>.</summary>
    [Range(1, 20)] public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the second attempt; doubles with each further attempt, up to <see cref="RetryMaxSeconds"/>.</summary>
    [Range(1, 86400)] public int RetryBaseSeconds { get; set; } = 60;

    [Range(1, 86400)] public int RetryMaxSeconds { get; set; } = 3600;

    /// <summary>Entries one dispatcher claims at a time.</summary>
    [Range(1, 1000)] public int BatchSize { get; set; } = 50;

    /// <summary>
    /// Review auto-replies of one workspace stored and recorded together: one commit stores the group's replies (claimed for
    /// their platform) with their daily slots, one records the platforms' answers with the entries' outcomes. Larger groups
    /// mean fewer durable commits (faster on SQLite) but more replies left <c>sending</c> if the process dies in between —
    /// those are confirmed with the platform or marked uncertain for a person, never sent twice. 1 = a commit pair per reply.
    /// </summary>
    [Range(1, 1000)] public int CommitGroupSize { get; set; } = 25;

    /// <summary>Entries one dispatcher delivers side by side (each in its own scope); default 1 on SQLite (one writer), 4 on PostgreSQL.</summary>
    [Range(1, 64)] public int? Parallelism { get; set; }

    /// <summary>Items the sweep evaluates per pass (missed events and rechecks).</summary>
    [Range(1, 10000)] public int SweepBatchSize { get; set; } = 200;

    /// <summary>How long an item blocked by the response-rate threshold waits before it is evaluated again.</summary>
    [Range(1, 10080)] public int RecheckMinutes { get; set; } = 60;

    /// <summary>Minutes a person would spend on one reply; <c>time_saved_hours</c> in the statistics is sent replies × this.</summary>
    [Range(0.1, 600)] public double MinutesPerReply { get; set; } = 5;

    /// <summary>The admin UI's address, for the approve links in approval emails (the page asks to log in).</summary>
    [Required, Url] public string AdminBaseUrl { get; set; } = "http://localhost:5000";
}
