using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Reviews;

/// <summary>Query of <c>GET /reviews</c>: the contract's filters and sort, plus text, rating, time range and read state.</summary>
public sealed record ReviewListParameters : IValidatable
{
    public string? Status { get; init; }

    public string? Source { get; init; }

    public string? Sort { get; init; }

    public string? Q { get; init; }

    public int? Rating { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public bool? Read { get; init; }

    public void Validate(Validator v)
    {
        v.OneOf("status", Status, ["all", .. ReviewStatuses.All]);
        v.OneOf("source", Source, ["all", .. ReviewSources.All]);
        v.OneOf("sort", Sort, ReviewSorts.All);
        v.Length("q", Q, 0, 200);
        if (Rating is < 1 or > 5)
        {
            v.Add("rating", "rating must be a whole number from 1 to 5.");
        }

        if (From is not null && !Times.TryParse(From, out _))
        {
            v.Add("from", "from must be an ISO 8601 date or time (2025-11-01 or 2025-11-01T00:00:00.000Z).");
        }

        if (To is not null && !Times.TryParse(To, out _))
        {
            v.Add("to", "to must be an ISO 8601 date or time.");
        }
    }

    public ReviewQuery ToQuery() => new(Status, Source, Sort, Q, Rating,
        From is null ? null : Times.Parse(From), To is null ? null : Times.Parse(To, endOfDay: true), Read);
}

public sealed record ServiceContextInput(string? ServiceName, string? EmployeeName);

/// <summary>A review entered by hand (or pushed by a script): the contract's Review fields without id, status and reply.</summary>
public sealed record CreateReviewRequest(
    string? Source,
    string? ExternalId,
    string? AuthorName,
    string? AuthorAvatar,
    int? Rating,
    string? Content,
    DateTime? Date,
    ServiceContextInput? ServiceContext,
    string? Email,
    string? Phone,
    string? OrderNo) : IValidatable
{
    public void Validate(Validator v)
    {
        v.OneOf("source", Source, ReviewSources.All);
        if (v.Required("author_name", AuthorName))
        {
            v.Length("author_name", AuthorName, 1, ReviewRules.AuthorNameMaxLength);
        }

        if (Rating is null or < 1 or > 5)
        {
            v.Add("rating", "rating must be a whole number from 1 to 5.");
        }

        if (v.Required("content", Content))
        {
            v.Length("content", Content, 1, ReviewRules.ContentMaxLength);
        }

        v.Length("external_id", ExternalId, 0, ReviewRules.ExternalIdMaxLength);
        v.Length("author_avatar", AuthorAvatar, 0, ReviewRules.UrlMaxLength);
        v.Length("service_context.service_name", ServiceContext?.ServiceName, 0, ReviewRules.ContextMaxLength);
        v.Length("service_context.employee_name", ServiceContext?.EmployeeName, 0, ReviewRules.ContextMaxLength);
        if (!string.IsNullOrWhiteSpace(Email))
        {
            v.Email("email", Email);
        }

        v.Length("phone", Phone, 0, ReviewRules.PhoneMaxLength);
        v.Length("order_no", OrderNo, 0, ReviewRules.OrderNoMaxLength);
    }
}

public sealed record ReplyRequest(string? Content) : IValidatable
{
    public void Validate(Validator v)
    {
        if (v.Required("content", Content))
        {
            v.Length("content", Content, 1, ReviewRules.ReplyMaxLength);
        }
    }
}

public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviews(this IEndpointRouteBuilder routes)
    {
        var reviews = routes.MapGroup("/api/v1/reviews").WithTags("Reviews").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy);
        reviews.MapGet("/", ListAsync).RequireAuthorization(Policies.Viewer).WithName("ListReviews")
            .WithSummary("Reviews, filtered and sorted.")
            .WithDescription("status: all | answered | unanswered; source: all | google | booksy | facebook | avito | manual; " +
                             "sort: newest (default) | oldest | lowest (rating, then newest). Also q (text in content or author), rating (1–5), " +
                             "from / to (ISO 8601; a date alone means the whole day, UTC), read (true/false), limit (default 50, max 500) / offset. " +
                             "A plain array; X-Total-Count has the number of all matches. Each review carries, beyond the contract, read, external_id " +
                             "and sentiment (positive/neutral/negative), and its reply carries author and publication {state, platform, attempts, error, " +
                             "published_at, message} where state is pending | sending | published | failed | manual.")
            .ProducesProblem(400);
        reviews.MapGet("/unread-count", UnreadCountAsync).RequireAuthorization(Policies.Viewer).WithName("CountUnreadReviews")
            .WithSummary("Number of reviews nobody has opened yet (marked read with POST /reviews/{id}/read or by replying).");
        reviews.MapGet("/{reviewId}", GetAsync).RequireAuthorization(Policies.Viewer).WithName("GetReview")
            .WithSummary("One review.").ProducesProblem(404);
        reviews.MapPost("/", CreateAsync).RequireAuthorization(Policies.Agent).WithName("CreateReview")
            .WithSummary("Enter a review by hand (source defaults to manual). 409 REVIEW_ALREADY_EXISTS when external_id is already stored for the source.")
            .WithDescription("Markup in text fields is removed (reviews are plain text). rating 1–5 and content are required; date defaults to now.")
            .ProducesProblem(400).ProducesProblem(409);
        reviews.MapPost("/import", ImportAsync).RequireAuthorization(Policies.Agent).WithName("ImportReviews")
            .WithSummary("Import a CSV export (e.g. from Booksy): multipart/form-data with a 'file' field, or the CSV itself as text/csv.")
            .WithDescription("Comma, semicolon or tab separated UTF-8 with a header row. Recognised columns (English or Polish): id, source, author/klient, " +
                             "rating/ocena (required), content/treść/opinia, date/data (required; local time of the workspace unless it has an offset), " +
                             "service/usługa, employee/pracownik, email, phone/telefon, order_no/zamówienie, reply/odpowiedź, reply_date. " +
                             "?source= sets the source of rows without a source column. Rows already stored (same source and id — or, without an id, " +
                             "the same author, time, rating and text) are skipped, so importing a file twice adds nothing. " +
                             "Answer: {imported, skipped, rows: [{row, status: imported|skipped, reason, id, external_id}]} (row 1 is the header).")
            .Accepts<IFormFile>("multipart/form-data", "text/csv", "text/plain", "application/octet-stream")
            .ProducesProblem(400);
        reviews.MapPost("/{reviewId}/reply", ReplyAsync).RequireAuthorization(Policies.Agent).WithName("ReplyToReview")
            .WithSummary("Reply to a review: the reply is stored, the review becomes answered and read, and the reply is sent to the platform.")
            .WithDescription("The answer is the whole review. Its reply.publication says what happened: published on the platform, failed (reply again " +
                             "to retry), or manual — the platform has no reply API (Booksy) or is not connected, so the reply is stored in Parley and must be " +
                             "posted there by hand. Nothing is reported as published unless the platform accepted it. 409 REPLY_IN_PROGRESS while an earlier " +
                             "reply is still being sent (one interrupted for over 10 minutes no longer blocks a new reply).")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        reviews.MapPost("/{reviewId}/read", MarkReadAsync).RequireAuthorization(Policies.Agent).WithName("MarkReviewRead")
            .WithSummary("Mark a review as read (idempotent); answers the review.").ProducesProblem(404);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<ReviewView>>> ListAsync([AsParameters] ReviewListParameters filters, [AsParameters] Page page,
        ReviewService reviews, HttpContext http, CancellationToken cancellationToken)
    {
        var (items, total) = await reviews.ListAsync(filters.ToQuery(), page, cancellationToken);
        return ListResults.Ok(http, items, total);
    }

    private static async Task<Ok<UnreadCount>> UnreadCountAsync(ReviewService reviews, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadCount(await reviews.UnreadCountAsync(cancellationToken)));

    private static async Task<Results<Ok<ReviewView>, ProblemHttpResult>> GetAsync(string reviewId, ReviewService reviews, CancellationToken cancellationToken) =>
        await reviews.GetAsync(reviewId, cancellationToken) is { } review ? TypedResults.Ok(review) : NotFound(reviewId);

    private static async Task<Created<ReviewView>> CreateAsync(CreateReviewRequest request, ReviewService reviews, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var review = await reviews.CreateAsync(new NewReview(request.Source ?? ReviewSources.Manual, request.ExternalId, request.AuthorName!, request.AuthorAvatar,
            request.Rating!.Value, request.Content!, request.Date ?? clock.GetUtcNow().UtcDateTime, request.ServiceContext?.ServiceName,
            request.ServiceContext?.EmployeeName, request.Email, request.Phone, request.OrderNo), cancellationToken);
        return TypedResults.Created($"/api/v1/reviews/{review.Id}", review);
    }

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(HttpRequest request, string? source, ReviewService reviews,
        CancellationToken cancellationToken)
    {
        if (source is not null && !ReviewSources.All.Contains(source))
        {
            return Problems.Validation("source", $"source must be one of: {string.Join(", ", ReviewSources.All)}.");
        }

        Stream body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null || file.Length == 0)
            {
                return Problems.Validation("file", "Send the CSV in a form field named 'file'.");
            }

            body = file.OpenReadStream();
        }
        else if (request.ContentType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) == true ||
                 request.ContentType?.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = request.Body;
        }
        else
        {
            return Problems.Validation("file", "Send multipart/form-data with a 'file' field, or the CSV as text/csv.");
        }

        await using (body)
        {
            return TypedResults.Ok(await reviews.ImportCsvAsync(body, source, cancellationToken));
        }
    }

    private static async Task<Results<Ok<ReviewView>, ProblemHttpResult>> ReplyAsync(string reviewId, ReplyRequest request, ReviewService reviews,
        CurrentActor actor, CancellationToken cancellationToken)
    {
        var (display, userId) = await actor.DescribeAsync(cancellationToken);
        return await reviews.ReplyAsync(reviewId, request.Content!, new ReplyAuthorInfo(display, userId, ReplyOrigins.Manual), cancellationToken) is { } review
            ? TypedResults.Ok(review)
            : NotFound(reviewId);
    }

    private static async Task<Results<Ok<ReviewView>, ProblemHttpResult>> MarkReadAsync(string reviewId, ReviewService reviews, CancellationToken cancellationToken) =>
        await reviews.MarkReadAsync(reviewId, cancellationToken) is { } review ? TypedResults.Ok(review) : NotFound(reviewId);

    private static ProblemHttpResult NotFound(string id) =>
        Problems.NotFound(ReviewErrors.NotFound, $"No review with id '{id}' in this workspace.");
}

/// <summary>ISO 8601 times in query strings: with an offset or Z as given, without one as UTC; a date alone is its start (or end) of day.</summary>
public static class Times
{
    public static bool TryParse(string text, out DateTime utc) => TryParse(text, false, out utc);

    public static DateTime Parse(string text, bool endOfDay = false) =>
        TryParse(text, endOfDay, out var utc) ? utc : throw new FormatException($"Not an ISO 8601 time: {text}");

    private static bool TryParse(string text, bool endOfDay, out DateTime utc)
    {
        utc = default;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            utc = endOfDay ? date.ToDateTime(new TimeOnly(23, 59, 59, 999), DateTimeKind.Utc) : date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return true;
        }

        if (text.Length >= 16 && text[4] == '-' && text[10] == 'T' &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            utc = value.UtcDateTime;
            return true;
        }

        return false;
    }
}
