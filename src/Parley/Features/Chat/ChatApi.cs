using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Parley.Features.Knowledge;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Chat;

public sealed record AgentReplyRequest(string? Text);

/// <summary>The team's chat API: conversations (list, read, take over, reply, hand back, close) and unanswered questions.</summary>
public static class ChatApi
{
    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder routes)
    {
        var chat = routes.MapGroup("/api/v1/chat").WithTags("Chat").ValidateArguments().RequireRateLimiting(RateLimitSetup.ApiPolicy);
        chat.MapGet("/conversations", ListAsync).RequireAuthorization(Policies.Viewer).WithName("ListConversations")
            .WithSummary("Conversations, latest activity first. Filters: status (bot, handoff, agent, closed, or open = not closed), unread=true, q (contact or message text).")
            .ProducesProblem(400);
        chat.MapGet("/conversations/{id}", GetAsync).RequireAuthorization(Policies.Viewer).WithName("GetConversation")
            .WithSummary("A conversation with its contact and messages. For agents and above it marks the visitor's messages read (read receipt to the visitor) unless mark_read=false.")
            .ProducesProblem(404);
        chat.MapPost("/conversations/{id}/takeover", TakeOverAsync).RequireAuthorization(Policies.Agent).WithName("TakeOverConversation")
            .WithSummary("Take the conversation over: the bot goes quiet and the visitor sees who joined. 409 if another person has it or it is closed.")
            .ProducesProblem(404).ProducesProblem(409);
        chat.MapPost("/conversations/{id}/messages", ReplyAsync).RequireAuthorization(Policies.Agent).WithName("ReplyToConversation")
            .WithSummary("Reply as a person (taking the conversation over if the bot still has it); delivered to the visitor live.")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        chat.MapPost("/conversations/{id}/handback", HandBackAsync).RequireAuthorization(Policies.Agent).WithName("HandConversationBack")
            .WithSummary("Leave the conversation to the bot again.").ProducesProblem(404).ProducesProblem(409);
        chat.MapPost("/conversations/{id}/close", CloseAsync).RequireAuthorization(Policies.Agent).WithName("CloseConversation")
            .WithSummary("Close the conversation (a new message from the visitor opens it again, with the bot).").ProducesProblem(404);
        chat.MapPost("/conversations/{id}/read", MarkReadAsync).RequireAuthorization(Policies.Agent).WithName("MarkConversationRead")
            .WithSummary("Mark the visitor's messages read (read receipt to the visitor).").ProducesProblem(404);
        chat.MapGet("/stats", StatsAsync).RequireAuthorization(Policies.Viewer).WithName("GetChatStats")
            .WithSummary("Conversations per status and unread visitor messages (the same figures analytics_update pushes).");
        chat.MapGet("/unanswered", ListUnansweredAsync).RequireAuthorization(Policies.Viewer).WithName("ListUnansweredQuestions")
            .WithSummary("Questions the knowledge base could not answer, most asked first. status: open (default), dismissed or drafted; language filters.")
            .ProducesProblem(400);
        chat.MapPost("/unanswered/{id}/dismiss", DismissAsync).RequireAuthorization(Policies.Agent).WithName("DismissUnansweredQuestion")
            .WithSummary("Drop a question from the open list.").ProducesProblem(404);
        chat.MapPost("/unanswered/{id}/draft-faq", DraftFaqAsync).RequireAuthorization(Policies.Agent).WithName("DraftFaqFromUnansweredQuestion")
            .WithSummary("Create FAQ: makes a draft FAQ entry in the knowledge base (the question's language and text, no answer yet, draft: true — not used for answers until published) and links the question to it; 201 with {question, entry}.")
            .ProducesProblem(404).ProducesProblem(409);
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<ConversationSummary>>, ProblemHttpResult>> ListAsync([AsParameters] Page page, string? status,
        bool? unread, string? q, InboxService inbox, HttpContext http, CancellationToken cancellationToken)
    {
        if (status is not null && !InboxService.StatusFilters.Contains(status))
        {
            return Problems.Validation("status", $"status must be one of: {string.Join(", ", InboxService.StatusFilters)}.");
        }

        var filter = new ConversationFilter(
            status is null or "open" ? null : Enum.Parse<ConversationStatus>(status, ignoreCase: true), status == "open", unread == true, q);
        var (items, total) = await inbox.ListAsync(filter, page, cancellationToken);
        return ListResults.Ok(http, items, total);
    }

    private static async Task<Ok<ConversationDetail>> GetAsync(string id, [FromQuery(Name = "mark_read")] bool? markRead, InboxService inbox,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await inbox.GetAsync(id, markRead != false, cancellationToken));

    private static async Task<Ok<ConversationDetail>> TakeOverAsync(string id, InboxService inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inbox.TakeOverAsync(id, cancellationToken));

    private static async Task<Created<InboxMessage>> ReplyAsync(string id, AgentReplyRequest request, InboxService inbox, CancellationToken cancellationToken)
    {
        var message = await inbox.ReplyAsync(id, request.Text, cancellationToken);
        return TypedResults.Created($"/api/v1/chat/conversations/{id}", message);
    }

    private static async Task<Ok<ConversationDetail>> HandBackAsync(string id, InboxService inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inbox.HandBackAsync(id, cancellationToken));

    private static async Task<Ok<ConversationDetail>> CloseAsync(string id, InboxService inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inbox.CloseAsync(id, cancellationToken));

    private static async Task<Ok<ConversationSummary>> MarkReadAsync(string id, InboxService inbox, CancellationToken cancellationToken)
    {
        await inbox.MarkReadAsync(id, cancellationToken);
        return TypedResults.Ok((await inbox.GetAsync(id, markRead: false, cancellationToken)).Conversation);
    }

    private static async Task<Ok<ChatStats>> StatsAsync(InboxService inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inbox.StatsAsync(cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<UnansweredView>>, ProblemHttpResult>> ListUnansweredAsync([AsParameters] Page page,
        string? status, string? language, UnansweredService unanswered, HttpContext http, CancellationToken cancellationToken)
    {
        UnansweredStatus parsed = UnansweredStatus.Open;
        if (status is not null && (!Enum.TryParse(status, ignoreCase: true, out parsed) || int.TryParse(status, out _)))
        {
            return Problems.Validation("status", "status must be one of: open, dismissed, drafted.");
        }

        var (items, total) = await unanswered.ListAsync(parsed, language, page, cancellationToken);
        return ListResults.Ok(http, items, total);
    }

    private static async Task<Ok<UnansweredView>> DismissAsync(string id, UnansweredService unanswered, CancellationToken cancellationToken) =>
        TypedResults.Ok(await unanswered.DismissAsync(id, cancellationToken));

    private static async Task<Created<DraftedFaq>> DraftFaqAsync(string id, UnansweredService unanswered, CancellationToken cancellationToken)
    {
        var drafted = await unanswered.DraftFaqAsync(id, cancellationToken);
        return TypedResults.Created($"/api/v1/knowledge/{KnowledgeKinds.Faq}/{drafted.Entry.Id}", drafted);
    }
}
