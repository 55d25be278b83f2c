namespace Parley.Features.AutoReply;

/// <summary>The contract's <c>review_type</c>: what an auto-reply answers.</summary>
public static class AutoReplyItemTypes
{
    public const string Review = "review";
    public const string Feedback = "feedback";
    public static readonly IReadOnlyList<string> All = [Review, Feedback];
}

/// <summary>Values of a rule's <c>conditions.source</c>: the review sources, and <c>feedback</c> for intercepted feedback.</summary>
public static class AutoReplySources
{
    public const string Feedback = "feedback";
    public static readonly IReadOnlyList<string> All = [.. Reviews.ReviewSources.All, Feedback];
}

/// <summary>
/// Values of a rule's <c>conditions.status</c>. An item is <c>new</c> until someone opens it, then <c>read</c> (reviews:
/// the read flag; feedback: its status). Answered items never get an auto-reply, so there is no status for them.
/// </summary>
public static class AutoReplyItemStatuses
{
    public const string New = "new";
    public const string Read = "read";
    public static readonly IReadOnlyList<string> All = [New, Read];
}

public static class RatingOperators
{
    public const string Eq = "eq";
    public const string Gte = "gte";
    public const string Lte = "lte";
    public const string Between = "between";
    public static readonly IReadOnlyList<string> All = [Eq, Gte, Lte, Between];
}

public static class ScheduleTypes
{
    public const string Immediate = "immediate";
    public const string Delayed = "delayed";
    public const string Scheduled = "scheduled";
    public static readonly IReadOnlyList<string> All = [Immediate, Delayed, Scheduled];
}

public static class TemplateStrategies
{
    /// <summary>Active auto-reply templates for the item's rating, oldest first; the first that can be filled.</summary>
    public const string RatingMatch = "rating_match";

    /// <summary>One of the fillable active auto-reply templates for the item's rating, chosen at random (stable per item).</summary>
    public const string Random = "random";

    /// <summary>The first fillable active auto-reply template of any rating: the item's rating first, then the nearest ratings.</summary>
    public const string FirstAvailable = "first_available";

    public static readonly IReadOnlyList<string> All = [RatingMatch, Random, FirstAvailable];
}

/// <summary>An entry's detailed state; the contract's <c>status</c> folds the first three into <c>pending</c>.</summary>
public static class EntryStates
{
    public const string AwaitingApproval = "awaiting_approval";
    public const string Scheduled = "scheduled";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public static readonly IReadOnlyList<string> All = [AwaitingApproval, Scheduled, Sending, Sent, Failed, Cancelled];
    public static readonly IReadOnlyList<string> Pending = [AwaitingApproval, Scheduled, Sending];

    /// <summary>The contract's status of a state.</summary>
    public static string ToStatus(string state) => state switch
    {
        Sent => HistoryStatuses.Sent,
        Failed => HistoryStatuses.Failed,
        Cancelled => HistoryStatuses.Cancelled,
        _ => HistoryStatuses.Pending,
    };

    /// <summary>
    /// States in which an entry holds its item's live key: all but <c>cancelled</c>. A failed entry keeps it, because a failure
    /// may be an uncertain delivery; only cancelling (by a person, or because a person replied) frees the item.
    /// </summary>
    public static bool IsLive(string state) => state != Cancelled;
}

/// <summary>The contract's <c>status</c> of a history entry.</summary>
public static class HistoryStatuses
{
    public const string Sent = "sent";
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public static readonly IReadOnlyList<string> All = [Sent, Pending, Failed, Cancelled];
}

/// <summary>How a sent auto-reply reached the customer.</summary>
public static class DeliveryKinds
{
    /// <summary>Published on the review platform by its connector.</summary>
    public const string Published = "published";

    /// <summary>Stored as the review's reply; the platform has no reply API or is not connected, so a person posts it there.</summary>
    public const string Manual = "manual";

    /// <summary>Stored as the feedback's reply and queued to the customer's email (the outbox sends it).</summary>
    public const string Emailed = "emailed";
}

public static class EvaluationTriggers
{
    public const string Created = "created";
    public const string Imported = "imported";
    public const string Synced = "synced";
    public const string Sweep = "sweep";
    public const string Recheck = "recheck";
    public static readonly IReadOnlyList<string> All = [Created, Imported, Synced, Sweep, Recheck];
}

public static class EvaluationOutcomes
{
    public const string Queued = "queued";
    public const string AwaitingApproval = "awaiting_approval";
    public const string Disabled = "disabled";
    public const string AlreadyAnswered = "already_answered";
    public const string AlreadyAutoReplied = "already_auto_replied";
    public const string TooOld = "too_old";
    public const string NoEmail = "no_email";
    public const string ResponseRate = "response_rate";
    public const string Cooldown = "cooldown";
    public const string NoRuleMatched = "no_rule_matched";
    public const string NoTemplate = "no_template";
}

/// <summary>The result of one step of an evaluation.</summary>
public static class TraceResults
{
    public const string Passed = "passed";
    public const string Blocked = "blocked";
    public const string Matched = "matched";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string Chosen = "chosen";
    public const string Info = "info";
}

public static class AutoReplyEvents
{
    public const string Created = "auto_reply_created";
    public const string Approved = "auto_reply_approved";
    public const string Sent = "auto_reply_sent";
    public const string Failed = "auto_reply_failed";
    public const string Cancelled = "auto_reply_cancelled";
}

public static class AutoReplyErrors
{
    public const string NotFound = "AUTO_REPLY_NOT_FOUND";
    public const string RuleNotFound = "RULE_NOT_FOUND";
    public const string ReviewNotFound = "REVIEW_NOT_FOUND";
    public const string FeedbackNotFound = "FEEDBACK_NOT_FOUND";
    public const string NotAwaitingApproval = "AUTO_REPLY_NOT_AWAITING_APPROVAL";
    public const string NotPending = "AUTO_REPLY_NOT_PENDING";
    public const string NotFailed = "AUTO_REPLY_NOT_FAILED";
    public const string InProgress = "AUTO_REPLY_IN_PROGRESS";
    public const string ItemAlreadyAnswered = "AUTO_REPLY_ITEM_ALREADY_ANSWERED";
}

public static class AutoReplyLimits
{
    public const int RuleNameMaxLength = 200;
    public const int ContentMaxLength = 5_000;
    public const int MaxKeywords = 50;
    public const int KeywordMaxLength = 100;
    public const int MaxDelayMinutes = 7 * 24 * 60;
    public const int MaxRules = 200;
    public const int MaxApprovalTimeoutHours = 24 * 365;
    public const int MaxDailyLimit = 100_000;
    public const int MaxCooldownDays = 3650;
    public const int MaxMaxAgeDays = 3650;
}
