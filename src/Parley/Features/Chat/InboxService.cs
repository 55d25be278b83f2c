using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Contacts;
using Parley.Features.Knowledge;
using Parley.Platform;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Chat;

public sealed record ConversationSummary(
    string Id,
    ConversationStatus Status,
    string? Language,
    string ContactId,
    string? ContactName,
    string? ContactEmail,
    string? AssignedUserId,
    string? AssignedName,
    int UnreadCount,
    int MessageCount,
    DateTime LastMessageAt,
    string? LastMessagePreview,
    string? PageUrl,
    DateTime CreatedAt,
    DateTime? HandoffAt,
    DateTime? ClosedAt);

public sealed record InboxMessage(
    string Id,
    MessageRole Role,
    string Text,
    string? Engine,
    ChatAnswerKind? AnswerKind,
    double? Confidence,
    IReadOnlyList<ChatSource> Sources,
    string? AuthorUserId,
    string? AuthorName,
    DateTime CreatedAt,
    DateTime? ReadAt);

public sealed record ConversationDetail(ConversationSummary Conversation, ContactView? Contact, IReadOnlyList<InboxMessage> Messages);

public sealed record ConversationFilter(ConversationStatus? Status, bool OpenOnly, bool UnreadOnly, string? Query);

/// <summary>
/// The team's side of the chat: the conversation list, reading (with read receipts), taking over, replying as a person, handing
/// back to the bot and closing. Each change is one conditional update, so two people (or a person and a visitor's message) acting
/// at once cannot leave a conversation in a state neither chose.
/// </summary>
public sealed class InboxService(
    ParleyDb db,
    IWorkspaceContext current,
    ChatNotifier notifier,
    IOptions<ChatOptions> options,
    TimeProvider clock)
{
    public static readonly IReadOnlyList<string> StatusFilters = ["bot", "handoff", "agent", "closed", "open"];

    public async Task<(IReadOnlyList<ConversationSummary> Items, int Total)> ListAsync(ConversationFilter filter, Page page, CancellationToken cancellationToken)
    {
        var conversations = db.Set<Conversation>().AsNoTracking();
        if (filter.Status is { } status)
        {
            conversations = conversations.Where(c => c.Status == status);
        }
        else if (filter.OpenOnly)
        {
            conversations = conversations.Where(c => c.Status != ConversationStatus.Closed);
        }

        if (filter.UnreadOnly)
        {
            conversations = conversations.Where(c => c.UnreadCount > 0);
        }

        var rows = conversations.Join(db.Set<Contact>(), c => c.ContactId, k => k.Id, (c, k) => new { c, k });
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var q = filter.Query.Trim().ToLower();
            rows = rows.Where(x => (x.k.Name != null && x.k.Name.ToLower().Contains(q))
                                   || (x.k.Email != null && x.k.Email.Contains(q))
                                   || (x.k.Phone != null && x.k.Phone.Contains(q))
                                   || db.Set<ConversationMessage>().Any(m => m.ConversationId == x.c.Id && m.Text.ToLower().Contains(q)));
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(x => x.c.LastMessageAt).ThenByDescending(x => x.c.Id).Apply(page)
            .Select(x => new ConversationSummary(x.c.Id, x.c.Status, x.c.Language, x.c.ContactId, x.k.Name, x.k.Email, x.c.AssignedUserId,
                x.c.AssignedName, x.c.UnreadCount, x.c.MessageCount, x.c.LastMessageAt, x.c.LastMessagePreview, x.c.PageUrl, x.c.CreatedAt,
                x.c.HandoffAt, x.c.ClosedAt))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    public Task<bool> ExistsAsync(string id, CancellationToken cancellationToken) =>
        db.Set<Conversation>().AnyAsync(c => c.Id == id, cancellationToken);

    public async Task<ChatStats> StatsAsync(CancellationToken cancellationToken) =>
        await ChatNotifier.CountAsync(db, current.WorkspaceId!, cancellationToken);

    /// <summary>A conversation with its messages; with <paramref name="markRead"/> (and at least the agent role) its visitor messages become read.</summary>
    public async Task<ConversationDetail> GetAsync(string id, bool markRead, CancellationToken cancellationToken)
    {
        if (markRead && current.Role >= WorkspaceRole.Agent)
        {
            await MarkReadAsync(id, cancellationToken);
        }

        var summary = await SummaryAsync(id, cancellationToken);
        var contact = await db.Set<Contact>().AsNoTracking().Where(c => c.Id == summary.ContactId)
            .Select(c => new ContactView(c.Id, c.Name, c.Email, c.Phone, c.Language, c.ConsentAt, c.ConsentSource, c.CreatedAt, c.UpdatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        var messages = await db.Set<ConversationMessage>().AsNoTracking().Where(m => m.ConversationId == id)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        return new ConversationDetail(summary, contact, messages.Select(InboxView).ToList());
    }

    /// <summary>Marks the visitor's messages read and tells the visitor (read receipt) and the rest of the team.</summary>
    public async Task<DateTime?> MarkReadAsync(string id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var conversation = await db.Set<Conversation>().Where(c => c.Id == id).Select(c => new { c.Id }).FirstOrDefaultAsync(cancellationToken)
                           ?? throw NotFound();
        var marked = await db.Set<ConversationMessage>()
            .Where(m => m.ConversationId == conversation.Id && m.Role == MessageRole.Visitor && m.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), cancellationToken);
        await db.Set<Conversation>().Where(c => c.Id == id && c.UnreadCount != 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UnreadCount, 0), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (marked == 0)
        {
            return null;
        }

        var receipt = new ReadEvent(id, "agent", now);
        await notifier.ToVisitorAsync(id, ChatEvents.Read, receipt);
        await notifier.ToAgentsAsync(current.WorkspaceId!, ChatEvents.Read, receipt, id);
        notifier.StatsChanged(current.WorkspaceId!);
        return now;
    }

    /// <summary>The caller takes the conversation over: the bot goes quiet and the visitor is told who joined.</summary>
    public async Task<ConversationDetail> TakeOverAsync(string id, CancellationToken cancellationToken)
    {
        await TakeOverCoreAsync(id, cancellationToken);
        return await GetAsync(id, markRead: false, cancellationToken);
    }

    /// <summary>Sends a person's reply; a conversation still with the bot (or waiting) is taken over first.</summary>
    public async Task<InboxMessage> ReplyAsync(string id, string? text, CancellationToken cancellationToken)
    {
        var body = ValidateText(text);
        var state = await StateAsync(id, cancellationToken);
        if (state.Status == ConversationStatus.Closed)
        {
            throw Closed();
        }

        if (state.Status != ConversationStatus.Agent)
        {
            await TakeOverCoreAsync(id, cancellationToken);
        }

        var name = await MyNameAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new ConversationMessage
        {
            WorkspaceId = current.WorkspaceId!, ConversationId = id, Role = MessageRole.Agent, Text = body, AuthorUserId = current.UserId,
            AuthorName = name, CreatedAt = now,
        };
        await AppendAsync(message, c => c.Status != ConversationStatus.Closed, null, cancellationToken);
        await notifier.MessageAsync(current.WorkspaceId!, VisitorChatService.View(message));
        // Answering is reading: the visitor's messages so far count as seen.
        await MarkReadAsync(id, cancellationToken);
        return InboxView(message);
    }

    /// <summary>The person leaves; the bot answers again.</summary>
    public async Task<ConversationDetail> HandBackAsync(string id, CancellationToken cancellationToken)
    {
        var state = await StateAsync(id, cancellationToken);
        switch (state.Status)
        {
            case ConversationStatus.Closed:
                throw Closed();
            case ConversationStatus.Bot:
                throw new ApiException(409, "CONVERSATION_WITH_BOT", "The bot is already answering this conversation.");
        }

        var name = state.AssignedName ?? await MyNameAsync(cancellationToken);
        var system = SystemMessage(id, ChatPhrases.Get("agent_left", state.Language, name));
        await AppendAsync(system, c => c.Status == state.Status && c.AssignedUserId == state.AssignedUserId,
            s => s.SetProperty(c => c.Status, ConversationStatus.Bot).SetProperty(c => c.AssignedUserId, (string?)null)
                .SetProperty(c => c.AssignedName, (string?)null),
            cancellationToken);
        await AnnounceStatusAsync(id, ConversationStatus.Bot, null, system);
        await notifier.ToVisitorAsync(id, ChatEvents.AgentLeft, new AgentEvent(id, null, name));
        return await GetAsync(id, markRead: false, cancellationToken);
    }

    public async Task<ConversationDetail> CloseAsync(string id, CancellationToken cancellationToken)
    {
        var state = await StateAsync(id, cancellationToken);
        if (state.Status != ConversationStatus.Closed)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var system = SystemMessage(id, ChatPhrases.Get("closed", state.Language));
            await AppendAsync(system, c => c.Status == state.Status,
                s => s.SetProperty(c => c.Status, ConversationStatus.Closed).SetProperty(c => c.ClosedAt, now), cancellationToken);
            await AnnounceStatusAsync(id, ConversationStatus.Closed, state.AssignedName, system);
        }

        return await GetAsync(id, markRead: false, cancellationToken);
    }

    private async Task TakeOverCoreAsync(string id, CancellationToken cancellationToken)
    {
        var state = await StateAsync(id, cancellationToken);
        if (state.Status == ConversationStatus.Closed)
        {
            throw Closed();
        }

        if (state.Status == ConversationStatus.Agent)
        {
            if (state.AssignedUserId == current.UserId)
            {
                return;
            }

            throw new ApiException(409, "CONVERSATION_TAKEN", $"{state.AssignedName ?? "Someone"} has already taken this conversation over.");
        }

        var name = await MyNameAsync(cancellationToken);
        var system = SystemMessage(id, ChatPhrases.Get("agent_joined", state.Language, name));
        var me = current.UserId;
        await AppendAsync(system, c => c.Status == state.Status,
            s => s.SetProperty(c => c.Status, ConversationStatus.Agent).SetProperty(c => c.AssignedUserId, me).SetProperty(c => c.AssignedName, name),
            cancellationToken);
        var joined = new AgentEvent(id, me, name);
        await notifier.ToVisitorAsync(id, ChatEvents.AgentJoined, joined);
        await notifier.ToAgentsAsync(current.WorkspaceId!, ChatEvents.Takeover, joined, id);
        await AnnounceStatusAsync(id, ConversationStatus.Agent, name, system);
    }

    /// <summary>
    /// Inserts a message and moves the conversation's counters, applying <paramref name="change"/> only if the conversation still
    /// matches <paramref name="expected"/>; otherwise someone else changed it first and the caller gets a 409 to retry on.
    /// </summary>
    private async Task AppendAsync(ConversationMessage message, System.Linq.Expressions.Expression<Func<Conversation, bool>> expected,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Conversation>>? change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var preview = ChatRules.Preview(message.Text);
        var updated = await db.Set<Conversation>().Where(c => c.Id == message.ConversationId).Where(expected)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(c => c.MessageCount, c => c.MessageCount + 1)
                    .SetProperty(c => c.LastMessageAt, message.CreatedAt)
                    .SetProperty(c => c.LastMessagePreview, preview);
                change?.Invoke(s);
            }, cancellationToken);
        if (updated == 0)
        {
            throw new ApiException(409, "CONVERSATION_CHANGED", "The conversation changed meanwhile; load it again and retry.");
        }

        db.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task AnnounceStatusAsync(string id, ConversationStatus status, string? assignedName, ConversationMessage system)
    {
        var change = new StatusEvent(id, status, assignedName);
        await notifier.MessageAsync(current.WorkspaceId!, VisitorChatService.View(system));
        await notifier.ToVisitorAsync(id, ChatEvents.Status, change);
        await notifier.ToAgentsAsync(current.WorkspaceId!, ChatEvents.Status, change, id);
        notifier.StatsChanged(current.WorkspaceId!);
    }

    private ConversationMessage SystemMessage(string conversationId, string text) => new()
    {
        WorkspaceId = current.WorkspaceId!, ConversationId = conversationId, Role = MessageRole.System, Text = text,
        AuthorUserId = current.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    private async Task<ConversationSummary> SummaryAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<Conversation>().AsNoTracking().Where(c => c.Id == id)
            .Join(db.Set<Contact>(), c => c.ContactId, k => k.Id, (c, k) => new ConversationSummary(c.Id, c.Status, c.Language, c.ContactId, k.Name,
                k.Email, c.AssignedUserId, c.AssignedName, c.UnreadCount, c.MessageCount, c.LastMessageAt, c.LastMessagePreview, c.PageUrl,
                c.CreatedAt, c.HandoffAt, c.ClosedAt))
            .FirstOrDefaultAsync(cancellationToken) ?? throw NotFound();

    private async Task<ConversationSummary> StateAsync(string id, CancellationToken cancellationToken) => await SummaryAsync(id, cancellationToken);

    /// <summary>How the visitor sees the person: the email's name part ("anna.nowak@…" → "Anna Nowak"), or "Team" for an API key.</summary>
    private async Task<string> MyNameAsync(CancellationToken cancellationToken)
    {
        var email = current.UserId is { } userId
            ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (string.IsNullOrEmpty(email))
        {
            return ChatPhrases.Get("team", null);
        }

        var local = email.Split('@')[0];
        var words = local.Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]);
        var name = string.Join(' ', words);
        return name.Length == 0 ? ChatPhrases.Get("team", null) : name.Length > ChatRules.NameMaxLength ? name[..ChatRules.NameMaxLength] : name;
    }

    private string ValidateText(string? text)
    {
        var v = new Validator();
        var body = text?.Trim();
        if (v.Required("text", body))
        {
            v.Length("text", body, 1, options.Value.MaxMessageChars);
        }

        v.ThrowIfInvalid();
        return body!;
    }

    internal static InboxMessage InboxView(ConversationMessage m) =>
        new(m.Id, m.Role, m.Text, m.Engine, m.AnswerKind, m.Confidence, m.Sources, m.AuthorUserId, m.AuthorName, m.CreatedAt, m.ReadAt);

    private static ApiException NotFound() => new(404, "CONVERSATION_NOT_FOUND", "No conversation with this id in the workspace.");

    private static ApiException Closed() => new(409, "CONVERSATION_CLOSED", "The conversation is closed.");
}
