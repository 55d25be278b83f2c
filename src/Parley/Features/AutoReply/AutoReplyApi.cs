using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.AutoReply;

/// <summary>Query of <c>GET /auto-reply/history</c>.</summary>
public sealed record HistoryFilter : IValidatable
{
    [FromQuery(Name = "status")]
    public string? Status { get; init; }

    [FromQuery(Name = "review_type")]
    public string? ReviewType { get; init; }

    [FromQuery(Name = "rule_id")]
    public string? RuleId { get; init; }

    [FromQuery(Name = "review_id")]
    public string? ReviewId { get; init; }

    [FromQuery(Name = "state")]
    public string? State { get; init; }

    public void Validate(Validator v)
    {
        v.OneOf("status", Status, ["all", .. HistoryStatuses.All]);
        v.OneOf("review_type", ReviewType, ["all", .. AutoReplyItemTypes.All]);
        v.OneOf("state", State, ["all", .. EntryStates.All]);
    }
}

/// <summary>Query of <c>GET /auto-reply/evaluations</c>: exactly one of the two ids.</summary>
public sealed record EvaluationFilter : IValidatable
{
    [FromQuery(Name = "review_id")]
    public string? ReviewId { get; init; }

    [FromQuery(Name = "feedback_id")]
    public string? FeedbackId { get; init; }

    public void Validate(Validator v)
    {
        if (string.IsNullOrWhiteSpace(ReviewId) == string.IsNullOrWhiteSpace(FeedbackId))
        {
            v.Add("review_id", "Give exactly one of review_id and feedback_id.");
        }
    }
}

public static class AutoReplyApi
{
    public static IEndpointRouteBuilder MapAutoReply(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auto-reply").WithTags("Auto-replies").ValidateArguments()
            .RequireAuthorization(Policies.Viewer).RequireRateLimiting(RateLimitSetup.ApiPolicy);

        group.MapGet("/settings", GetSettingsAsync).WithName("GetAutoReplySettings")
            .WithSummary("The workspace's auto-reply settings (the defaults until they are saved; updated_at is then null).")
            .ProducesProblem(401).ProducesProblem(403);
        group.MapPut("/settings", UpdateSettingsAsync).WithName("UpdateAutoReplySettings").RequireAuthorization(Policies.Admin)
            .WithSummary("Replace the auto-reply settings.")
            .WithDescription("All required fields must be sent. Optional fields left out or null mean none: no response-rate threshold, no rating and " +
                             "no keyword forcing approval. daily_limit 1–100000; approval_timeout_hours 0 = never auto-approve; cooldown_days 0 = no cooldown.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);

        group.MapGet("/rules", ListRulesAsync).WithName("ListAutoReplyRules").WithSummary("Rules in evaluation order (priority, lowest first).")
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/rules/{ruleId}", GetRuleAsync).WithName("GetAutoReplyRule").WithSummary("One rule.")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/rules", CreateRuleAsync).WithName("CreateAutoReplyRule").RequireAuthorization(Policies.Admin)
            .WithSummary("Create a rule.")
            .WithDescription("Beyond the contract: priority (lower runs first; default after the last rule); enabled defaults to true; conditions.source may " +
                             "also hold avito, manual and feedback (intercepted feedback); conditions.status is new (not opened yet) or read. The schedule is " +
                             "stored normalised: delay_minutes only for delayed (at least 1), time_window only for scheduled (required there; an end before " +
                             "the start crosses midnight). fallback_template_id must name a template of the workspace.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        group.MapPut("/rules/{ruleId}", UpdateRuleAsync).WithName("UpdateAutoReplyRule").RequireAuthorization(Policies.Admin)
            .WithSummary("Replace a rule (same body as create; priority left out keeps the current one).")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapDelete("/rules/{ruleId}", DeleteRuleAsync).WithName("DeleteAutoReplyRule").RequireAuthorization(Policies.Admin)
            .WithSummary("Delete a rule; its auto-replies stay in the history.")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/rules/{ruleId}/test", TestRuleAsync).WithName("TestAutoReplyRule").RequireAuthorization(Policies.Agent)
            .WithSummary("Evaluate one rule on a review or feedback with the engine's own code, without storing or sending anything.")
            .WithDescription("Switched-off rules can be tested too. Beyond the contract: trace (every step of the evaluation), blocked_by (settings or " +
                             "limits that would stop the engine for this item right now), and for a match requires_approval, approval_reasons and due_at.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        group.MapGet("/history", ListHistoryAsync).WithName("ListAutoReplyHistory")
            .WithSummary("Auto-replies, newest first; limit/offset with X-Total-Count.")
            .WithDescription("status: all | sent | pending | failed | cancelled (pending covers awaiting_approval, scheduled and sending); review_type: all | " +
                             "review | feedback; beyond the contract: state (the detailed state), rule_id, review_id (a review's or feedback's id).")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/history/{historyId}", GetHistoryAsync).WithName("GetAutoReplyHistoryEntry").WithSummary("One auto-reply.")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/history/{historyId}/approve", ApproveAsync).WithName("ApproveAutoReply").RequireAuthorization(Policies.Agent)
            .WithSummary("Approve a reply that waits for approval, optionally with edited_content (variables like @imie are filled).")
            .WithDescription("When the rule's schedule allows sending now the reply is delivered before the response (status sent, or failed / " +
                             "pending with error_message when the platform refused and a retry is planned); otherwise it stays pending until due_at. " +
                             "409 AUTO_REPLY_NOT_AWAITING_APPROVAL when it does not wait for approval.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/history/{historyId}/cancel", CancelAsync).WithName("CancelAutoReply").RequireAuthorization(Policies.Agent)
            .WithSummary("Cancel a pending reply. 409 AUTO_REPLY_NOT_PENDING once sent, failed or cancelled; 409 AUTO_REPLY_IN_PROGRESS while it is being sent.")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/history/{historyId}/retry", RetryAsync).WithName("RetryAutoReply").RequireAuthorization(Policies.Agent)
            .WithSummary("Send a failed reply again (delivered before the response when its schedule allows). 409 AUTO_REPLY_NOT_FAILED otherwise.")
            .WithDescription("Delivery first inspects the review's stored reply: a reply that did reach the platform is recorded as sent, never sent twice. " +
                             "A reply whose delivery was interrupted mid-call fails again with the uncertainty message unless the connector confirms it.")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        group.MapGet("/stats", StatsAsync).WithName("GetAutoReplyStats")
            .WithSummary("Counts of auto-replies; total_auto_replies = sent + pending + failed; google_auto_replies and intercepted_auto_replies count sent ones; " +
                         "time_saved_hours = sent × AutoReply:MinutesPerReply / 60.")
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/evaluations", EvaluationsAsync).WithName("ListAutoReplyEvaluations")
            .WithSummary("Why an item got (or did not get) an auto-reply: its evaluations with every step, newest first.")
            .WithDescription("Exactly one of review_id and feedback_id. An item never evaluated gets one unsaved evaluation (id null, trigger preview): " +
                             "what the engine would decide now.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return routes;
    }

    private static async Task<Ok<AutoReplySettingsView>> GetSettingsAsync(AutoReplyService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.GetSettingsAsync(cancellationToken));

    private static async Task<Ok<AutoReplySettingsView>> UpdateSettingsAsync(AutoReplySettingsRequest request, AutoReplyService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.UpdateSettingsAsync(request, cancellationToken));

    private static async Task<Ok<IReadOnlyList<AutoReplyRuleView>>> ListRulesAsync(AutoReplyService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListRulesAsync(cancellationToken));

    private static async Task<Results<Ok<AutoReplyRuleView>, ProblemHttpResult>> GetRuleAsync(string ruleId, AutoReplyService service, CancellationToken cancellationToken) =>
        await service.GetRuleAsync(ruleId, cancellationToken) is { } rule ? TypedResults.Ok(rule) : RuleNotFound(ruleId);

    private static async Task<Created<AutoReplyRuleView>> CreateRuleAsync(AutoReplyRuleRequest request, AutoReplyService service, CancellationToken cancellationToken)
    {
        var rule = await service.CreateRuleAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/auto-reply/rules/{rule.Id}", rule);
    }

    private static async Task<Results<Ok<AutoReplyRuleView>, ProblemHttpResult>> UpdateRuleAsync(string ruleId, AutoReplyRuleRequest request, AutoReplyService service,
        CancellationToken cancellationToken) =>
        await service.UpdateRuleAsync(ruleId, request, cancellationToken) is { } rule ? TypedResults.Ok(rule) : RuleNotFound(ruleId);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRuleAsync(string ruleId, AutoReplyService service, CancellationToken cancellationToken) =>
        await service.DeleteRuleAsync(ruleId, cancellationToken) ? TypedResults.NoContent() : RuleNotFound(ruleId);

    private static async Task<Results<Ok<RuleTestResult>, ProblemHttpResult>> TestRuleAsync(string ruleId, RuleTestRequest request, AutoReplyService service,
        CancellationToken cancellationToken)
    {
        if (await service.GetRuleAsync(ruleId, cancellationToken) is null)
        {
            return RuleNotFound(ruleId);
        }

        var type = request.ReviewType ?? AutoReplyItemTypes.Review;
        return await service.TestRuleAsync(ruleId, type, request.ReviewId!, cancellationToken) is { } result
            ? TypedResults.Ok(result)
            : ItemNotFound(type, request.ReviewId!);
    }

    private static async Task<Ok<IReadOnlyList<AutoReplyHistoryView>>> ListHistoryAsync([AsParameters] HistoryFilter filter, [AsParameters] Page page,
        AutoReplyService service, HttpContext http, CancellationToken cancellationToken)
    {
        var (items, total) = await service.ListHistoryAsync(
            new HistoryQuery(filter.Status, filter.ReviewType, filter.RuleId, filter.ReviewId, filter.State), page, cancellationToken);
        return ListResults.Ok(http, items, total);
    }

    private static async Task<Results<Ok<AutoReplyHistoryView>, ProblemHttpResult>> GetHistoryAsync(string historyId, AutoReplyService service,
        CancellationToken cancellationToken) =>
        await service.GetHistoryAsync(historyId, cancellationToken) is { } entry ? TypedResults.Ok(entry) : EntryNotFound(historyId);

    private static async Task<Results<Ok<ApproveResult>, ProblemHttpResult>> ApproveAsync(string historyId,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApproveRequest? request, AutoReplyService service, CancellationToken cancellationToken) =>
        await service.ApproveAsync(historyId, request?.EditedContent, cancellationToken) is { } result ? TypedResults.Ok(result) : EntryNotFound(historyId);

    private static async Task<Results<Ok<CancelResult>, ProblemHttpResult>> CancelAsync(string historyId, AutoReplyService service, CancellationToken cancellationToken) =>
        await service.CancelAsync(historyId, cancellationToken) is { } result ? TypedResults.Ok(result) : EntryNotFound(historyId);

    private static async Task<Results<Ok<RetryResult>, ProblemHttpResult>> RetryAsync(string historyId, AutoReplyService service, CancellationToken cancellationToken) =>
        await service.RetryAsync(historyId, cancellationToken) is { } result ? TypedResults.Ok(result) : EntryNotFound(historyId);

    private static async Task<Ok<AutoReplyStatsView>> StatsAsync(AutoReplyService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.StatsAsync(cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<EvaluationView>>, ProblemHttpResult>> EvaluationsAsync([AsParameters] EvaluationFilter filter,
        AutoReplyService service, CancellationToken cancellationToken)
    {
        var (type, id) = string.IsNullOrWhiteSpace(filter.ReviewId)
            ? (AutoReplyItemTypes.Feedback, filter.FeedbackId!)
            : (AutoReplyItemTypes.Review, filter.ReviewId);
        return await service.EvaluationsAsync(type, id, cancellationToken) is { } list ? TypedResults.Ok(list) : ItemNotFound(type, id);
    }

    private static ProblemHttpResult RuleNotFound(string id) => Problems.NotFound(AutoReplyErrors.RuleNotFound, $"No auto-reply rule with id '{id}' in this workspace.");

    private static ProblemHttpResult EntryNotFound(string id) => Problems.NotFound(AutoReplyErrors.NotFound, $"No auto-reply with id '{id}' in this workspace.");

    private static ProblemHttpResult ItemNotFound(string type, string id) => type == AutoReplyItemTypes.Review
        ? Problems.NotFound(AutoReplyErrors.ReviewNotFound, $"No review with id '{id}' in this workspace.")
        : Problems.NotFound(AutoReplyErrors.FeedbackNotFound, $"No intercepted feedback with id '{id}' in this workspace.");
}
