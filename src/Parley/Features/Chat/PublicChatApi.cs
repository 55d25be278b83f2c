using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Parley.Platform;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Chat;

public sealed record PostChatMessageRequest(string? SessionId, string? Message, string? Language, string? PageUrl);

public sealed record SaveContactRequest(string? Name, string? Email, string? Phone, bool? Consent);

public sealed record ReadReceipt(DateTime ReadAt);

/// <summary>
/// What the widget calls, anonymously, naming the workspace by its public slug: limited per client IP (<c>public</c> policy) and
/// open to other sites' pages (<see cref="ChatSetup.CorsPolicy"/>; no cookies are read, the session id is the visitor's key).
/// </summary>
public static class PublicChatApi
{
    public static IEndpointRouteBuilder MapPublicChat(this IEndpointRouteBuilder routes)
    {
        var chat = routes.MapGroup("/api/v1/public/{slug}/chat").WithTags("Chat (public)")
            .AllowAnonymous().RequireRateLimiting(RateLimitSetup.PublicPolicy).RequireCors(ChatSetup.CorsPolicy);
        chat.MapGet("/config", ConfigAsync).WithName("GetChatWidgetConfig")
            .WithSummary("What the widget needs to start: the business name, its default language and the hub path.").ProducesProblem(404);
        chat.MapPost("/messages", PostAsync).WithName("PostChatMessage")
            .WithSummary("A visitor's message. Without session_id a new chat starts and its session_id is returned (keep it). The bot answers unless a person is in the conversation or was asked for: then response is null and bot_silent is true.")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);
        chat.MapGet("/sessions/{session_id}/messages", HistoryAsync).WithName("GetChatHistory")
            .WithSummary("The chat's messages, oldest first (the latest 200); with after=<message id> only newer ones (for catching up).")
            .ProducesProblem(400).ProducesProblem(404);
        chat.MapPost("/sessions/{session_id}/contact", SaveContactAsync).WithName("SaveChatContact")
            .WithSummary("The visitor's name, email and/or phone, stored only with \"consent\": true (recorded with time, IP and user agent).")
            .ProducesProblem(400).ProducesProblem(404);
        chat.MapPost("/sessions/{session_id}/read", ReadAsync).WithName("MarkChatRead")
            .WithSummary("The visitor has seen the team's messages (read receipt to the team).").ProducesProblem(404);
        return routes;
    }

    private static async Task<Ok<ChatWidgetConfig>> ConfigAsync(string slug, VisitorChatService chat, CancellationToken cancellationToken) =>
        TypedResults.Ok(await chat.ConfigAsync(slug, cancellationToken));

    private static async Task<Ok<ChatReply>> PostAsync(string slug, PostChatMessageRequest request, VisitorChatService chat, CancellationToken cancellationToken) =>
        TypedResults.Ok(await chat.PostAsync(slug, new VisitorMessageInput(request.SessionId, request.Message, request.Language, request.PageUrl),
            cancellationToken));

    private static async Task<Ok<IReadOnlyList<ChatMessageView>>> HistoryAsync(string slug, [FromRoute(Name = "session_id")] string sessionId,
        string? after, VisitorChatService chat, HttpContext http, CancellationToken cancellationToken)
    {
        var messages = await chat.HistoryAsync(slug, sessionId, after, cancellationToken);
        return ListResults.Ok(http, messages, messages.Count);
    }

    private static async Task<Ok<VisitorContactResult>> SaveContactAsync(string slug, [FromRoute(Name = "session_id")] string sessionId,
        SaveContactRequest request, VisitorChatService chat, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(await chat.SaveContactAsync(slug, sessionId, new VisitorContactInput(request.Name, request.Email, request.Phone, request.Consent),
            new VisitorInfo(http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString()), cancellationToken));

    private static async Task<Ok<ReadReceipt>> ReadAsync(string slug, [FromRoute(Name = "session_id")] string sessionId, VisitorChatService chat,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(new ReadReceipt(await chat.MarkReadAsync(slug, sessionId, cancellationToken)));
}
