using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Parley.Features.Acquisition;
using Parley.Features.Reviews;
using Parley.Features.Workspaces;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;
using Parley.Platform.Tenancy;

namespace Parley.Features.Feedback;

/// <summary>
/// The contract's <c>POST /intercepted-feedbacks</c> body; the public feedback page posts the same. Required: rating (1–5) and
/// message (<c>comment</c> is accepted as its synonym). <c>website</c> is a honeypot the page hides from people.
/// </summary>
public sealed record FeedbackRequest(
    int? Rating,
    string? Message,
    string? Comment,
    string? Name,
    string? Surname,
    string? Email,
    string? Phone,
    string? OrderNo,
    string? ServiceName,
    string? EmployeeName,
    string? LocationId,
    string? Website) : IValidatable
{
    public string? Text => Message ?? Comment;

    public void Validate(Validator v)
    {
        if (Rating is null or < 1 or > 5)
        {
            v.Add("rating", "rating must be a whole number from 1 to 5.");
        }

        if (string.IsNullOrWhiteSpace(Text))
        {
            v.Add("message", "message is required.");
        }
        else
        {
            v.Length("message", Text, 1, FeedbackRules.CommentMaxLength);
        }

        v.Length("name", Name, 0, FeedbackRules.NameMaxLength);
        v.Length("surname", Surname, 0, FeedbackRules.NameMaxLength);
        if (!string.IsNullOrWhiteSpace(Email))
        {
            v.Length("email", Email, 0, FeedbackRules.EmailMaxLength);
            if (!Validator.IsEmail(Email.Trim()))
            {
                v.Add("email", "email must be an email address.");
            }
        }

        if (!string.IsNullOrWhiteSpace(Phone) && (Phone.Length > FeedbackRules.PhoneMaxLength || !Phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')')))
        {
            v.Add("phone", $"phone may hold digits, spaces and + - ( ), at most {FeedbackRules.PhoneMaxLength} characters.");
        }

        v.Length("order_no", OrderNo, 0, FeedbackRules.OrderNoMaxLength);
        v.Length("service_name", ServiceName, 0, FeedbackRules.ContextMaxLength);
        v.Length("employee_name", EmployeeName, 0, FeedbackRules.ContextMaxLength);
        if (LocationId is not null && !AcquisitionRules.IsValidLocation(LocationId))
        {
            v.Add("location_id", AcquisitionRules.LocationMessage);
        }
    }

    public NewFeedback ToNew() => new(Rating!.Value, Text!, Name, Surname, Email?.Trim(), Phone, OrderNo, ServiceName, EmployeeName, LocationId);
}

public sealed record FeedbackListParameters : IValidatable
{
    public string? Status { get; init; }

    public int? Rating { get; init; }

    public string? Sort { get; init; }

    public string? Q { get; init; }

    [FromQuery(Name = "location_id")]
    public string? LocationId { get; init; }

    public void Validate(Validator v)
    {
        if (LocationId is not null && !AcquisitionRules.IsValidLocation(LocationId))
        {
            v.Add("location_id", AcquisitionRules.LocationMessage);
        }

        v.OneOf("status", Status, ["all", .. FeedbackStatuses.All]);
        v.OneOf("sort", Sort, FeedbackSorts.All);
        v.Length("q", Q, 0, 200);
        if (Rating is < 1 or > 5)
        {
            v.Add("rating", "rating must be a whole number from 1 to 5.");
        }
    }
}

public sealed record FeedbackStatusRequest(string? Status) : IValidatable
{
    public void Validate(Validator v)
    {
        if (v.Required("status", Status))
        {
            v.OneOf("status", Status, FeedbackStatuses.All);
        }
    }
}

public sealed record FeedbackReplyRequest(string? Message, string? Content) : IValidatable
{
    public string? Text => Message ?? Content;

    public void Validate(Validator v)
    {
        if (string.IsNullOrWhiteSpace(Text))
        {
            v.Add("message", "message is required.");
        }
        else
        {
            v.Length("message", Text, 1, FeedbackRules.ReplyMaxLength);
        }
    }
}

public static class FeedbackApi
{
    /// <summary>The public form's body is small; anything much larger is not a person filling in a form.</summary>
    public const int PublicMaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder routes)
    {
        var feedback = routes.MapGroup("/api/v1/intercepted-feedbacks").WithTags("Intercepted feedback").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy);
        feedback.MapGet("/", ListAsync).RequireAuthorization(Policies.Viewer).WithName("ListInterceptedFeedback")
            .WithSummary("Intercepted feedback: status all | new | read | replied, rating 1–5, sort newest (default) | oldest | lowest, q (text), " +
                         "location_id (the feedback page's location it was filed from), limit / offset.")
            .WithDescription("A plain array with X-Total-Count. Beyond the contract, each item has location_id: the location whose public page " +
                             "(/f/{slug} is `default`, /f/{slug}/{location} that location) filed it, or null when it was entered otherwise. A reply carries, beyond the contract, delivery {channel: \"email\", state, to, email_id, " +
                             "attempts, error}: state is the outbox state (pending | sending | sent | failed) or not_delivered when no email address was given.")
            .ProducesProblem(400);
        feedback.MapGet("/unread-count", UnreadCountAsync).RequireAuthorization(Policies.Viewer).WithName("CountUnreadFeedback")
            .WithSummary("Number of intercepted feedback items with status new.");
        feedback.MapGet("/{feedbackId}", GetAsync).RequireAuthorization(Policies.Viewer).WithName("GetInterceptedFeedback")
            .WithSummary("One intercepted feedback item.").ProducesProblem(404);
        feedback.MapPost("/", CreateAsync).RequireAuthorization(Policies.Agent).WithName("CreateInterceptedFeedback")
            .WithSummary("Record intercepted feedback. Required: rating (1–5) and message; name, surname, email, phone, order_no, service_name, " +
                         "employee_name optional (name and surname come back as \"\" when not given). Markup is removed from text. location_id " +
                         "(optional, beyond the contract) must name a location with acquisition settings (`default` always exists): 400 otherwise.")
            .ProducesProblem(400);
        feedback.MapPut("/{feedbackId}/status", SetStatusAsync).RequireAuthorization(Policies.Agent).WithName("SetInterceptedFeedbackStatus")
            .WithSummary("Set the status: new | read | replied.").ProducesProblem(400).ProducesProblem(404);
        feedback.MapPost("/{feedbackId}/reply", ReplyAsync).RequireAuthorization(Policies.Agent).WithName("ReplyToInterceptedFeedback")
            .WithSummary("Reply to the customer: the reply is stored, the status becomes replied, and when they gave an email the reply is emailed to them.")
            .WithDescription("The email goes through the outbox (retried with backoff, never sent twice); reply.delivery says where it stands. Without an " +
                             "email address the reply is stored and reply.delivery.state is not_delivered. author is the replying user's email (or the API key's name).")
            .ProducesProblem(400).ProducesProblem(404);
        feedback.MapDelete("/{feedbackId}", DeleteAsync).RequireAuthorization(Policies.Agent).WithName("DeleteInterceptedFeedback")
            .WithSummary("Delete an intercepted feedback item.").ProducesProblem(404);

        routes.MapPost("/api/v1/public/{slug}/feedback", CreatePublicAsync).WithTags("Public").AllowAnonymous()
            .AddEndpointFilter(async (context, next) => context.HttpContext.Request.ContentLength > PublicMaxBodyBytes
                ? Problems.Create(400, "REQUEST_TOO_LARGE", $"The form is larger than {PublicMaxBodyBytes / 1024} KB.")
                : await next(context))
            .ValidateArguments().RequireRateLimiting(RateLimitSetup.PublicPolicy).WithName("SubmitPublicFeedback")
            .WithSummary("The public feedback page's form: the same body as POST /intercepted-feedbacks, no login, limited per client IP.")
            .WithDescription("Required: rating (1–5) and message. The form must also send an empty 'website' field hidden from people: when it is filled " +
                             "the answer looks the same (201) but nothing is stored. The page sends location_id (its location: `default` for /f/{slug}); " +
                             "an unknown location is refused (400, error.details.location_id). Bodies over 16 KB are refused (400 REQUEST_TOO_LARGE); unknown slug: " +
                             "404 WORKSPACE_NOT_FOUND; too many submissions: 429 RATE_LIMIT_EXCEEDED with Retry-After. Field errors come in error.details.")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<FeedbackView>>> ListAsync([AsParameters] FeedbackListParameters filters, [AsParameters] Page page,
        FeedbackService feedback, HttpContext http, CancellationToken cancellationToken)
    {
        var (items, total) = await feedback.ListAsync(new FeedbackQuery(filters.Status, filters.Rating, filters.Sort, filters.Q, filters.LocationId), page, cancellationToken);
        return ListResults.Ok(http, items, total);
    }

    private static async Task<Ok<UnreadCount>> UnreadCountAsync(FeedbackService feedback, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadCount(await feedback.UnreadCountAsync(cancellationToken)));

    private static async Task<Results<Ok<FeedbackView>, ProblemHttpResult>> GetAsync(string feedbackId, FeedbackService feedback, CancellationToken cancellationToken) =>
        await feedback.GetAsync(feedbackId, cancellationToken) is { } item ? TypedResults.Ok(item) : NotFound(feedbackId);

    private static async Task<Created<FeedbackView>> CreateAsync(FeedbackRequest request, FeedbackService feedback, CancellationToken cancellationToken)
    {
        var created = await feedback.CreateAsync(request.ToNew(), FeedbackOrigins.Api, cancellationToken);
        return TypedResults.Created($"/api/v1/intercepted-feedbacks/{created.Id}", created);
    }

    private static async Task<Results<Ok<FeedbackStatusView>, ProblemHttpResult>> SetStatusAsync(string feedbackId, FeedbackStatusRequest request,
        FeedbackService feedback, CancellationToken cancellationToken) =>
        await feedback.SetStatusAsync(feedbackId, request.Status!, cancellationToken) is { } status ? TypedResults.Ok(status) : NotFound(feedbackId);

    private static async Task<Results<Ok<FeedbackReplyResult>, ProblemHttpResult>> ReplyAsync(string feedbackId, FeedbackReplyRequest request,
        FeedbackService feedback, CurrentActor actor, CancellationToken cancellationToken)
    {
        var (display, userId) = await actor.DescribeAsync(cancellationToken);
        return await feedback.ReplyAsync(feedbackId, request.Text!, new FeedbackReplyAuthor(display, userId), cancellationToken) is { } reply
            ? TypedResults.Ok(reply)
            : NotFound(feedbackId);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string feedbackId, FeedbackService feedback, CancellationToken cancellationToken) =>
        await feedback.DeleteAsync(feedbackId, cancellationToken) ? TypedResults.NoContent() : NotFound(feedbackId);

    private static async Task<Results<Created<FeedbackView>, ProblemHttpResult>> CreatePublicAsync(string slug, FeedbackRequest request,
        WorkspaceService workspaces, WorkspaceContext context, FeedbackService feedback, TimeProvider clock, CancellationToken cancellationToken)
    {
        var workspace = await workspaces.FindBySlugAsync(slug, cancellationToken);
        if (workspace is null)
        {
            return Problems.NotFound("WORKSPACE_NOT_FOUND", $"No business with the address '{slug}'.");
        }

        if (!string.IsNullOrEmpty(request.Website))
        {
            // A bot filled the hidden field: answer as if stored, so it learns nothing.
            var now = clock.GetUtcNow().UtcDateTime;
            var n = request.ToNew();
            return TypedResults.Created($"/api/v1/intercepted-feedbacks/{Ids.New()}", new FeedbackView(Ids.New(), now, n.Rating, n.Message, FeedbackStatuses.New,
                n.Name ?? string.Empty, n.Surname ?? string.Empty, n.Email, n.Phone, n.OrderNo, n.ServiceName, n.EmployeeName, null, n.LocationId));
        }

        // Anonymous: this request acts for the workspace the slug names, and for nothing else.
        context.SetSystem(workspace.Id);
        var created = await feedback.CreateAsync(request.ToNew(), FeedbackOrigins.PublicPage, cancellationToken);
        return TypedResults.Created($"/api/v1/intercepted-feedbacks/{created.Id}", created);
    }

    private static ProblemHttpResult NotFound(string id) =>
        Problems.NotFound(FeedbackErrors.NotFound, $"No intercepted feedback with id '{id}' in this workspace.");
}
