namespace Parley.Features.Feedback;

/// <summary>The contract's reply, plus how it reached the customer.</summary>
public sealed record FeedbackReplyView(string Content, DateTime Date, string? Author, FeedbackDeliveryView? Delivery);

/// <summary>
/// How the reply reaches the customer: by email through the outbox (<c>state</c> pending | sending | sent | failed), or
/// <c>not_delivered</c> with the reason (no email address was given).
/// </summary>
public sealed record FeedbackDeliveryView(string Channel, string State, string? To, string? EmailId, int Attempts, string? Error);

/// <summary>The contract's InterceptedFeedback.</summary>
public sealed record FeedbackView(
    string Id,
    DateTime Date,
    int Rating,
    string Comment,
    string Status,
    string Name,
    string Surname,
    string? Email,
    string? Phone,
    string? OrderNo,
    string? ServiceName,
    string? EmployeeName,
    FeedbackReplyView? Reply,
    string? LocationId = null);

/// <summary>The contract's <c>POST /intercepted-feedbacks</c> body, already validated.</summary>
public sealed record NewFeedback(
    int Rating,
    string Message,
    string? Name,
    string? Surname,
    string? Email,
    string? Phone,
    string? OrderNo,
    string? ServiceName,
    string? EmployeeName,
    string? LocationId = null);

/// <summary><paramref name="LocationId"/>: only feedback filed from that location's page (<c>default</c> is the page without a location).</summary>
public sealed record FeedbackQuery(string? Status = null, int? Rating = null, string? Sort = null, string? Q = null, string? LocationId = null);

public static class FeedbackSorts
{
    public const string Newest = "newest";
    public const string Oldest = "oldest";
    public const string Lowest = "lowest";
    public static readonly IReadOnlyList<string> All = [Newest, Oldest, Lowest];
}

public sealed record FeedbackStatusView(string Id, string Status, DateTime UpdatedAt);

/// <summary>The contract's reply response; its reply carries <c>delivery</c>.</summary>
public sealed record FeedbackReplyResult(string Id, string Status, FeedbackReplyView Reply);

public static class FeedbackDeliveryStates
{
    public const string NotDelivered = "not_delivered";
}

public sealed record FeedbackReplyAuthor(string Display, string? UserId);

public static class FeedbackEvents
{
    public const string FeedbackCreated = "feedback_created";
    public const string FeedbackStatusChanged = "feedback_status_changed";
}

public static class FeedbackErrors
{
    public const string NotFound = "FEEDBACK_NOT_FOUND";
}
