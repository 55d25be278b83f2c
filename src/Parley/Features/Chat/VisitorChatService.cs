using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Contacts;
using Parley.Features.Knowledge;
using Parley.Features.Workspaces;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Chat;

public sealed record VisitorMessageInput(string? SessionId, string? Message, string? Language, string? PageUrl);

/// <summary>
/// The answer to a visitor's message. <see cref="Response"/> is null when the bot stays quiet because the conversation is with a
/// person or waiting for one (<see cref="BotSilent"/>; <see cref="Status"/> says which).
/// </summary>
public sealed record ChatReply(
    string? Response,
    string SessionId,
    string ConversationId,
    string? Language,
    string? Engine,
    IReadOnlyList<string> Sources,
    bool Handoff,
    ConversationStatus Status,
    bool BotSilent,
    string MessageId,
    string? ReplyId,
    DateTime CreatedAt);

public sealed record VisitorContactInput(string? Name, string? Email, string? Phone, bool? Consent);

public sealed record VisitorContactResult(string ContactId, string? Name, string? Email, string? Phone, DateTime ConsentAt);

public sealed record ChatWidgetConfig(string WorkspaceName, string Slug, string Language, string HubPath, int MaxMessageChars);

/// <summary>Who sent a public request, for the consent record and rate limits.</summary>
public sealed record VisitorInfo(string? Ip, string? UserAgent);

/// <summary>
/// The visitor's side of the chat, shared by the public HTTP endpoints and the hub: one code path stores the message, asks the
/// answerer (unless a person is in the conversation) and tells the team.
/// </summary>
internal sealed partial class VisitorChatService(
    WorkspaceContext workspaceContext,
    ChatWorkspaces workspaces,
    ChatStore store,
    ChatWriter writer,
    ChatNotifier notifier,
    IEnumerable<IChatAnswerer> answerers,
    IServiceProvider services,
    IOptions<ChatOptions> options,
    TimeProvider clock,
    ILogger<VisitorChatService> logger)
{
    public const int SessionIdMaxLength = 100;

    /// <summary>Most messages one history request returns.</summary>
    public const int HistoryLimit = 200;

    // Resolved on use: a visitor's message goes through ChatStore and never needs a DbContext (see ChatStore for why).
    private ParleyDb Db => services.GetRequiredService<ParleyDb>();

    private WorkspaceService WorkspaceService => services.GetRequiredService<WorkspaceService>();

    /// <summary>The registered answerer (the knowledge base), or the no-knowledge one when none is.</summary>
    private IChatAnswerer Answerer => answerers.LastOrDefault() ?? services.GetRequiredService<NoKnowledgeAnswerer>();

    public async Task<ChatWorkspace> WorkspaceAsync(string slug, CancellationToken cancellationToken)
    {
        var workspace = await workspaces.FindAsync(slug, () => WorkspaceService, cancellationToken)
                        ?? throw new ApiException(404, "WORKSPACE_NOT_FOUND", "No workspace has this public address.");
        // Public requests act in the workspace the slug names, whoever else the caller may be signed in as.
        workspaceContext.SetSystem(workspace.Id);
        return workspace;
    }

    public async Task<ChatWidgetConfig> ConfigAsync(string slug, CancellationToken cancellationToken)
    {
        var workspace = await WorkspaceAsync(slug, cancellationToken);
        return new ChatWidgetConfig(workspace.Name, workspace.Slug, workspace.Locale, ChatHub.Path, options.Value.MaxMessageChars);
    }

    public async Task<ChatReply> PostAsync(string slug, VisitorMessageInput input, CancellationToken cancellationToken)
    {
        var text = Validate(input);
        var workspace = await WorkspaceAsync(slug, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var language = ChatPhrases.Normalize(input.Language);

        string sessionId;
        ConversationState state;
        IReadOnlyList<ChatTurn> history = [];
        Contact? newContact = null;
        Conversation? newConversation = null;
        if (input.SessionId is { Length: > 0 } given)
        {
            sessionId = given;
            (state, history) = await store.FindWithHistoryAsync(workspace.Id, SecretHash.Hash(given), options.Value.HistoryTurns, cancellationToken)
                               ?? throw new ApiException(404, "CONVERSATION_NOT_FOUND", "No chat with this session id; start a new one without session_id.");
        }
        else
        {
            sessionId = SecretHash.NewSecret();
            newContact = new Contact { WorkspaceId = workspace.Id, Language = language, CreatedAt = now, UpdatedAt = now };
            newConversation = new Conversation
            {
                WorkspaceId = workspace.Id,
                SessionHash = SecretHash.Hash(sessionId),
                ContactId = newContact.Id,
                Language = language,
                Status = ConversationStatus.Bot,
                CreatedAt = now,
                PageUrl = CleanPageUrl(input.PageUrl),
            };
            state = new ConversationState(newConversation.Id, newContact.Id, ConversationStatus.Bot, language, null);
        }

        var reply = await ReplyAsync(workspace, state, history, text, language, now, cancellationToken);
        var write = new ChatWrite
        {
            WorkspaceId = workspace.Id,
            ConversationId = state.Id,
            NewContact = newContact,
            NewConversation = newConversation,
            UnreadDelta = 1,
            LastMessageAt = reply.Last.CreatedAt,
            Preview = ChatRules.Preview(reply.Last.Text),
            Language = reply.Language,
            Reopen = state.Status == ConversationStatus.Closed,
            Handoff = reply.Handoff,
            Unanswered = reply.Unanswered,
        };
        write.Messages.Add(reply.Visitor);
        if (reply.Bot is not null)
        {
            write.Messages.Add(reply.Bot);
        }

        if (newConversation is not null)
        {
            newConversation.Status = reply.Status;
            newConversation.Language = reply.Language;
            newConversation.UnreadCount = 1;
            newConversation.MessageCount = write.Messages.Count;
            newConversation.LastMessageAt = write.LastMessageAt;
            newConversation.LastMessagePreview = write.Preview;
            newConversation.HandoffAt = reply.Handoff ? now : null;
        }

        await writer.WriteAsync(write, cancellationToken);
        await AnnounceAsync(workspace.Id, state, reply, newConversation is not null);
        return new ChatReply(reply.Bot?.Text, sessionId, state.Id, reply.Language, reply.Bot?.Engine,
            reply.Bot?.Sources.Select(s => s.Id).ToList() ?? [], reply.Handoff, reply.Status, reply.Bot is null, reply.Visitor.Id, reply.Bot?.Id,
            reply.Visitor.CreatedAt);
    }

    /// <summary>The conversation's messages, oldest first; with <paramref name="after"/> (a message id) only the newer ones.</summary>
    public async Task<IReadOnlyList<ChatMessageView>> HistoryAsync(string slug, string sessionId, string? after, CancellationToken cancellationToken)
    {
        var workspace = await WorkspaceAsync(slug, cancellationToken);
        var conversation = await store.FindAsync(workspace.Id, HashOf(sessionId), cancellationToken) ?? throw ConversationNotFound();
        var messages = Db.Set<ConversationMessage>().AsNoTracking().Where(m => m.ConversationId == conversation.Id);
        if (!string.IsNullOrEmpty(after))
        {
            var mark = await messages.Where(m => m.Id == after).Select(m => new { m.CreatedAt, m.Id }).FirstOrDefaultAsync(cancellationToken)
                       ?? throw new ApiException(400, ErrorCodes.Validation, "after must be the id of a message of this chat.",
                           new Dictionary<string, string[]> { ["after"] = ["after must be the id of a message of this chat."] });
            messages = messages.Where(m => m.CreatedAt > mark.CreatedAt || (m.CreatedAt == mark.CreatedAt && m.Id.CompareTo(mark.Id) > 0));
        }

        // The latest messages when the widget opens; everything newer than its last one when it catches up.
        var rows = string.IsNullOrEmpty(after)
            ? (await messages.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(HistoryLimit).ToListAsync(cancellationToken)).AsEnumerable().Reverse()
            : await messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(HistoryLimit).ToListAsync(cancellationToken);
        return rows.Select(View).ToList();
    }

    /// <summary>Stores the visitor's details and their consent (time, IP, user agent); refused without consent.</summary>
    public async Task<VisitorContactResult> SaveContactAsync(string slug, string sessionId, VisitorContactInput input, VisitorInfo visitor,
        CancellationToken cancellationToken)
    {
        var v = new Validator();
        if (input.Consent != true)
        {
            v.Add("consent", "Consent is required to store contact details: send \"consent\": true once the visitor agreed.");
        }

        ContactService.Validate(v, input.Name, input.Email, input.Phone);
        v.ThrowIfInvalid();
        var workspace = await WorkspaceAsync(slug, cancellationToken);
        var conversation = await store.FindAsync(workspace.Id, HashOf(sessionId), cancellationToken) ?? throw ConversationNotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        var saved = await services.GetRequiredService<ContactService>().RecordDetailsAsync(conversation.ContactId, input.Name, input.Email, input.Phone,
            new ConsentRecord(now, visitor.Ip, visitor.UserAgent, "chat_widget"), cancellationToken);
        await notifier.ToAgentsAsync(workspace.Id, ChatEvents.ContactUpdated, new { conversation_id = conversation.Id, contact = saved }, conversation.Id);
        return new VisitorContactResult(saved.Id, saved.Name, saved.Email, saved.Phone, now);
    }

    /// <summary>The visitor saw the team's messages: they are marked read and the team is told.</summary>
    public async Task<DateTime> MarkReadAsync(string slug, string sessionId, CancellationToken cancellationToken)
    {
        var workspace = await WorkspaceAsync(slug, cancellationToken);
        var conversation = await store.FindAsync(workspace.Id, HashOf(sessionId), cancellationToken) ?? throw ConversationNotFound();
        return await MarkTeamMessagesReadAsync(workspace.Id, conversation.Id, cancellationToken);
    }

    internal async Task<DateTime> MarkTeamMessagesReadAsync(string workspaceId, string conversationId, CancellationToken cancellationToken)
    {
        workspaceContext.SetSystem(workspaceId);
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = await Db.Set<ConversationMessage>()
            .Where(m => m.ConversationId == conversationId && m.ReadAt == null && (m.Role == MessageRole.Agent || m.Role == MessageRole.Bot))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), cancellationToken);
        if (marked > 0)
        {
            await notifier.ToAgentsAsync(workspaceId, ChatEvents.Read, new ReadEvent(conversationId, "visitor", now), conversationId);
        }

        return now;
    }

    /// <summary>For the hub: which conversation a session id opens, in the workspace a slug names.</summary>
    internal async Task<(ChatWorkspace Workspace, ConversationState Conversation)?> OpenAsync(string slug, string sessionId, CancellationToken cancellationToken)
    {
        var workspace = await workspaces.FindAsync(slug, () => WorkspaceService, cancellationToken);
        if (workspace is null || sessionId.Length is 0 or > SessionIdMaxLength)
        {
            return null;
        }

        var state = await store.FindAsync(workspace.Id, SecretHash.Hash(sessionId), cancellationToken);
        return state is null ? null : (workspace, state);
    }

    internal static ChatMessageView View(ConversationMessage m) =>
        new(m.Id, m.ConversationId, m.Role, m.Text, m.Engine, m.Sources.Select(s => s.Id).ToList(), m.AuthorName, m.CreatedAt, m.ReadAt);

    /// <param name="history">The conversation's last turns, read with it (<see cref="ChatStore.FindWithHistoryAsync"/>); empty for a new one.</param>
    private async Task<BotTurn> ReplyAsync(ChatWorkspace workspace, ConversationState state, IReadOnlyList<ChatTurn> history, string text, string? language,
        DateTime now, CancellationToken cancellationToken)
    {
        var visitor = new ConversationMessage
        {
            WorkspaceId = workspace.Id, ConversationId = state.Id, Role = MessageRole.Visitor, Text = text, CreatedAt = now,
        };
        var status = state.Status == ConversationStatus.Closed ? ConversationStatus.Bot : state.Status;
        if (status != ConversationStatus.Bot)
        {
            // A person is in the conversation or about to be: the bot stays quiet; the team sees the message live.
            return new BotTurn(visitor, null, status, state.Language ?? language, false, null);
        }

        var answer = await AnswerAsync(new ChatQuestion(workspace.Id, text, state.Language ?? language, history), workspace, cancellationToken);
        var answerLanguage = ChatPhrases.Normalize(answer.Language) ?? state.Language ?? language ?? workspace.Locale;
        var bot = new ConversationMessage
        {
            WorkspaceId = workspace.Id,
            ConversationId = state.Id,
            Role = MessageRole.Bot,
            Text = answer.Response,
            Engine = answer.Engine,
            AnswerKind = answer.Kind,
            Confidence = double.IsFinite(answer.Confidence) ? answer.Confidence : null,
            Sources = [.. answer.Sources],
            // A millisecond later, so the reply sorts after the question on every provider (PostgreSQL keeps microseconds).
            CreatedAt = now.AddMilliseconds(1),
        };
        var handoff = answer.Kind == ChatAnswerKind.Handoff;
        var unanswered = answer.Kind is ChatAnswerKind.Clarify or ChatAnswerKind.Unknown
                         && UnansweredRules.Normalize(text) is { Length: > 0 } normalized
            ? new UnansweredAsk(answerLanguage, normalized, text, now, state.Id)
            : null;
        return new BotTurn(visitor, bot, handoff ? ConversationStatus.Handoff : ConversationStatus.Bot, answerLanguage, handoff, unanswered);
    }

    private async Task<ChatAnswer> AnswerAsync(ChatQuestion question, ChatWorkspace workspace, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await Answerer.AnswerAsync(question, cancellationToken);
            if (!string.IsNullOrWhiteSpace(answer.Response))
            {
                return answer;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The visitor's message is kept and the team will see it; the visitor hears that a person will answer.
            LogAnswererFailed(logger, e, workspace.Id);
        }

        return await services.GetRequiredService<NoKnowledgeAnswerer>().AnswerAsync(question, cancellationToken);
    }

    private async Task AnnounceAsync(string workspaceId, ConversationState state, BotTurn reply, bool started)
    {
        if (started)
        {
            await notifier.ToAgentsAsync(workspaceId, ChatEvents.ConversationStarted, new PresenceEvent(state.Id), state.Id);
        }

        await notifier.MessageAsync(workspaceId, View(reply.Visitor));
        if (reply.Bot is not null)
        {
            await notifier.MessageAsync(workspaceId, View(reply.Bot));
        }

        if (state.Status == ConversationStatus.Closed)
        {
            await notifier.ToAgentsAsync(workspaceId, ChatEvents.Status, new StatusEvent(state.Id, reply.Status, null), state.Id);
        }

        if (reply.Handoff)
        {
            var handoff = new HandoffEvent(state.Id, ChatRules.Preview(reply.Visitor.Text), reply.Language, reply.Visitor.CreatedAt);
            await notifier.ToAgentsAsync(workspaceId, ChatEvents.Handoff, handoff, state.Id);
            await notifier.ToVisitorAsync(state.Id, ChatEvents.Status, new StatusEvent(state.Id, ConversationStatus.Handoff, null));
            await notifier.ToWorkspaceAsync(workspaceId, ChatEvents.WorkspaceHandoff, handoff);
        }

        if (started || reply.Handoff || state.Status == ConversationStatus.Closed)
        {
            notifier.StatsChanged(workspaceId);
        }
    }

    private string Validate(VisitorMessageInput input)
    {
        var v = new Validator();
        var text = input.Message?.Trim();
        if (v.Required("message", text))
        {
            v.Length("message", text, 1, options.Value.MaxMessageChars);
        }

        v.Length("session_id", input.SessionId, 0, SessionIdMaxLength);
        if (input.Language is not null && ChatPhrases.Normalize(input.Language) is null)
        {
            v.Add("language", "language must be a language code such as pl, en or de-DE.");
        }

        v.Length("page_url", input.PageUrl, 0, 2000);
        v.ThrowIfInvalid();
        return text!;
    }

    private static string? CleanPageUrl(string? url) =>
        string.IsNullOrWhiteSpace(url) ? null : url.Length > ChatRules.PageUrlMaxLength ? url[..ChatRules.PageUrlMaxLength] : url;

    private static string HashOf(string sessionId) =>
        sessionId.Length is 0 or > SessionIdMaxLength ? throw ConversationNotFound() : SecretHash.Hash(sessionId);

    private static ApiException ConversationNotFound() =>
        new(404, "CONVERSATION_NOT_FOUND", "No chat with this session id in this workspace.");

    private sealed record BotTurn(ConversationMessage Visitor, ConversationMessage? Bot, ConversationStatus Status, string? Language, bool Handoff,
        UnansweredAsk? Unanswered)
    {
        public ConversationMessage Last => Bot ?? Visitor;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat answerer failed in workspace {WorkspaceId}; the visitor was told a person will answer")]
    private static partial void LogAnswererFailed(ILogger logger, Exception exception, string workspaceId);
}

/// <summary>What the visitor path needs to know of a conversation before it answers.</summary>
internal sealed record ConversationState(string Id, string ContactId, ConversationStatus Status, string? Language, string? AssignedName)
{
    public bool IsNew { get; init; } = true;
}
