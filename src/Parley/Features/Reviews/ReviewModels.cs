namespace Parley.Features.Reviews;

public sealed record ServiceContextView(string? ServiceName, string? EmployeeName);

/// <summary>Where the reply stands on the platform; <c>message</c> tells a person what (if anything) is left to do.</summary>
public sealed record PublicationView(string State, string Platform, int Attempts, string? Error, DateTime? PublishedAt, string Message);

public sealed record ReviewReplyView(string Content, DateTime Date, string? Author, PublicationView? Publication);

/// <summary>The contract's Review, plus <c>read</c>, <c>external_id</c> and <c>sentiment</c>.</summary>
public sealed record ReviewView(
    string Id,
    string Source,
    string AuthorName,
    string? AuthorAvatar,
    int Rating,
    string Content,
    DateTime Date,
    string Status,
    ServiceContextView? ServiceContext,
    ReviewReplyView? Reply,
    string? Email,
    string? Phone,
    string? OrderNo,
    bool Read,
    string? ExternalId,
    string Sentiment);

/// <summary>A review to store, from a person, a CSV file or a platform connector. Text is sanitised on the way in.</summary>
public sealed record NewReview(
    string Source,
    string? ExternalId,
    string AuthorName,
    string? AuthorAvatar,
    int Rating,
    string Content,
    DateTime Date,
    string? ServiceName = null,
    string? EmployeeName = null,
    string? Email = null,
    string? Phone = null,
    string? OrderNo = null,
    string? ExistingReply = null,
    DateTime? ExistingReplyDate = null);

/// <summary>Filters and sort of <c>GET /reviews</c>; null or <c>all</c> means no filter.</summary>
public sealed record ReviewQuery(
    string? Status = null,
    string? Source = null,
    string? Sort = null,
    string? Q = null,
    int? Rating = null,
    DateTime? From = null,
    DateTime? To = null,
    bool? Read = null);

public static class ReviewSorts
{
    public const string Newest = "newest";
    public const string Oldest = "oldest";
    public const string Lowest = "lowest";
    public static readonly IReadOnlyList<string> All = [Newest, Oldest, Lowest];
}

/// <summary>Who writes a reply: shown as <see cref="Display"/>; <see cref="Origin"/> is one of <see cref="ReplyOrigins"/>.</summary>
public sealed record ReplyAuthorInfo(string Display, string? UserId, string Origin);

/// <summary>
/// A reply to store with <see cref="ReviewService.StoreRepliesAsync"/>. <paramref name="OnlyOverAuthor"/>: when set, a reply
/// already on the review by anyone else is left in place (<see cref="ReplyStoreStatus.Superseded"/>), so an automatic reply
/// never overwrites a person's.
/// </summary>
public sealed record StoreReplyRequest(string ReviewId, string Content, ReplyAuthorInfo Author, string? OnlyOverAuthor = null);

public enum ReplyStoreStatus
{
    /// <summary>Stored and claimed for the platform (<c>sending</c>): the caller carries it there.</summary>
    Sending,

    /// <summary>Stored; a person posts it on the platform (no connector, no reply API, or not connected).</summary>
    Manual,
    NotFound,

    /// <summary>An earlier reply is being sent to the platform.</summary>
    InProgress,
    Invalid,

    /// <summary>Someone else's reply is on the review (see <see cref="StoreReplyRequest.OnlyOverAuthor"/>).</summary>
    Superseded,
}

/// <summary>What <see cref="ReviewService.StoreRepliesAsync"/> did with one request.</summary>
public sealed record StoredReply(string ReviewId, ReplyStoreStatus Status, IReviewPlatform? Platform = null, PlatformReply? Reply = null,
    string Source = "", string? Error = null, bool WasUnread = false);

public sealed record UnreadCount(int Count);

public sealed record ImportRowResult(int Row, string Status, string? Reason, string? Id, string? ExternalId);

public sealed record ImportReport(int Imported, int Skipped, IReadOnlyList<ImportRowResult> Rows);

/// <summary>Payload of <c>unread_counts_changed</c>: both counters, so a badge never needs a second request.</summary>
public sealed record UnreadCounts(int Reviews, int Feedback);

public static class ReviewEvents
{
    public const string ReviewCreated = "review_created";
    public const string ReviewReplied = "review_replied";
    public const string ReviewsImported = "reviews_imported";
    public const string UnreadCountsChanged = "unread_counts_changed";
}

public static class ReviewErrors
{
    public const string NotFound = "REVIEW_NOT_FOUND";
    public const string AlreadyExists = "REVIEW_ALREADY_EXISTS";
    public const string InvalidCsv = "INVALID_CSV";
}
