using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;
using Quartz;

namespace Parley.Features.Ai.Sessions;

public sealed record CreateSessionRequest(string? Name, string? SystemPrompt, string? Model) : IValidatable
{
    public void Validate(Validator v)
    {
        v.Length("name", Name, 0, LlmRules.NameMaxLength);
        v.Length("system_prompt", SystemPrompt, 0, LlmRules.SystemPromptMaxLength);
        v.Length("model", Model, 0, 200);
    }
}

public sealed record AskRequest(string? Question, bool? Async);

public sealed record QueuedAsk(string AskId, LlmAskStatus Status, string StatusUrl);

public static class LlmApi
{
    public static IEndpointRouteBuilder MapLlmSessions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/llm/sessions").WithTags("LLM sessions").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy);
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Agent).WithName("CreateLlmSession")
            .WithSummary("Open a session with the configured model (or the built-in engine). A workspace has at most Ai:MaxOpenSessions open.")
            .ProducesProblem(400).ProducesProblem(409);
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Viewer).WithName("ListLlmSessions").WithSummary("Sessions, most recently active first.");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Viewer).WithName("GetLlmSession")
            .WithSummary("A session: status, created_at, last_activity, message_count.").ProducesProblem(404);
        group.MapGet("/{id}/messages", HistoryAsync).RequireAuthorization(Policies.Viewer).WithName("GetLlmSessionMessages")
            .WithSummary("The session's history, oldest first.").ProducesProblem(404);
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.Agent).WithName("DeleteLlmSession")
            .WithSummary("Close a session and delete its history.").ProducesProblem(404);
        group.MapPost("/{id}/ask", AskAsync).RequireAuthorization(Policies.Agent).WithName("AskLlmSession")
            .WithSummary("Ask a question. Synchronous by default; with \"async\": true answers 202 and an ask id; with Accept: text/event-stream the answer streams as server-sent events (token events, then one done event).")
            .Produces<AskResult>().Produces<QueuedAsk>(202).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/{id}/asks/{askId}", GetAskAsync).RequireAuthorization(Policies.Viewer).WithName("GetLlmAsk")
            .WithSummary("Status and result of a question asked with \"async\": true.").ProducesProblem(404);
        return routes;
    }

    private static async Task<Created<LlmSessionView>> CreateAsync(CreateSessionRequest request, LlmSessionService sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.CreateAsync(request.Name, request.SystemPrompt, request.Model, cancellationToken);
        return TypedResults.Created($"/api/v1/llm/sessions/{session.Id}", session);
    }

    private static async Task<Ok<IReadOnlyList<LlmSessionView>>> ListAsync([AsParameters] Page page, LlmSessionService sessions, HttpContext http, CancellationToken cancellationToken)
    {
        var (items, total) = await sessions.ListAsync(page, cancellationToken);
        return ListResults.Ok(http, items, total);
    }

    private static async Task<Ok<LlmSessionView>> GetAsync(string id, LlmSessionService sessions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sessions.GetAsync(id, cancellationToken));

    private static async Task<Ok<IReadOnlyList<LlmMessageView>>> HistoryAsync(string id, LlmSessionService sessions, HttpContext http, CancellationToken cancellationToken)
    {
        var messages = await sessions.HistoryAsync(id, cancellationToken);
        return ListResults.Ok(http, messages, messages.Count);
    }

    private static async Task<NoContent> DeleteAsync(string id, LlmSessionService sessions, CancellationToken cancellationToken)
    {
        await sessions.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> AskAsync(string id, AskRequest request, LlmSessionService sessions, ISchedulerFactory schedulers,
        HttpContext http, CancellationToken cancellationToken)
    {
        sessions.ValidateQuestion(request.Question);
        var question = request.Question!.Trim();
        if (request.Async == true)
        {
            var ask = await sessions.QueueAskAsync(id, question, cancellationToken);
            await LlmAskJob.ScheduleAsync(await schedulers.GetScheduler(cancellationToken), ask, cancellationToken);
            var url = $"/api/v1/llm/sessions/{id}/asks/{ask.Id}";
            return TypedResults.Accepted(url, new QueuedAsk(ask.Id, ask.Status, url));
        }

        if (http.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true))
        {
            // Fails before streaming starts (unknown or expired session) so the client still gets the error envelope.
            await sessions.GetAsync(id, cancellationToken);
            return TypedResults.ServerSentEvents(Stream(sessions.AskStreamingAsync(id, question, cancellationToken), question));
        }

        return TypedResults.Ok(await sessions.AskAsync(id, question, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Stream(IAsyncEnumerable<AiStreamPart> parts, string question)
    {
        await foreach (var part in parts)
        {
            yield return part.Final is { } final
                ? new SseItem<object>(new AskResult(question, final.Text, final.Engine, DateTime.UtcNow, final.Usage), "done")
                : new SseItem<object>(new { text = part.Delta }, "token");
        }
    }

    private static async Task<Ok<LlmAskView>> GetAskAsync(string id, string askId, LlmSessionService sessions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sessions.GetAskAsync(id, askId, cancellationToken));
}
