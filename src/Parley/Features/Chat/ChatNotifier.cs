using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform.Realtime;

namespace Parley.Features.Chat;

/// <summary>Event names on <c>/hubs/chat</c>; the first six are the ones the NovaHouse widget and dashboard used.</summary>
public static class ChatEvents
{
    public const string Join = "join";
    public const string Leave = "leave";
    public const string ChatMessage = "chat_message";
    public const string Typing = "typing";
    public const string AnalyticsUpdate = "analytics_update";
    public const string NewLead = "new_lead";
    public const string AgentJoined = "agent_joined";
    public const string Takeover = "takeover";
    public const string AgentLeft = "agent_left";
    public const string Read = "read";
    public const string Handoff = "handoff";
    public const string Status = "status";
    public const string ConversationStarted = "conversation_started";
    public const string Joined = "joined";
    public const string ContactUpdated = "contact_updated";

    /// <summary>On <c>/hubs/workspace</c>, for clients that follow the whole workspace rather than the chat.</summary>
    public const string WorkspaceHandoff = "chat_handoff";
}

public sealed record ChatMessageView(string Id, string ConversationId, MessageRole Role, string Text, string? Engine, IReadOnlyList<string> Sources,
    string? AuthorName, DateTime CreatedAt, DateTime? ReadAt);

public sealed record StatusEvent(string ConversationId, ConversationStatus Status, string? AssignedName);

public sealed record AgentEvent(string ConversationId, string? AssignedUserId, string? AssignedName);

public sealed record HandoffEvent(string ConversationId, string? Preview, string? Language, DateTime At);

public sealed record ReadEvent(string ConversationId, string By, DateTime ReadAt);

public sealed record TypingEvent(string ConversationId, string Role, string? Name, bool IsTyping);

public sealed record PresenceEvent(string ConversationId);

public sealed record ChatStats(int Open, int Bot, int Handoff, int Agent, int Closed, int Unread);

/// <summary>
/// Tells the people and widgets concerned that something happened in a chat: the workspace's team through the agents' room of
/// <c>/hubs/chat</c> (and the admin pages of this instance), one conversation's visitor through its own room. Best effort:
/// what is stored is already committed when these go out, and a failed push (e.g. Redis down) must not fail the request.
/// </summary>
public sealed partial class ChatNotifier(IHubContext<ChatHub> hub, IWorkspaceEvents workspaceEvents, ChatLiveFeed feed,
    IServiceScopeFactory scopes, ILogger<ChatNotifier> logger)
{
    private static readonly TimeSpan StatsDelay = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, byte> _statsPending = new(StringComparer.Ordinal);

    public async Task ToAgentsAsync(string workspaceId, string eventName, object payload, string? conversationId = null)
    {
        feed.Publish(workspaceId, new ChatFeedEvent(eventName, conversationId, payload));
        await SendAsync(hub.Clients.Group(ChatHub.AgentsGroup(workspaceId)), eventName, payload);
    }

    public Task ToVisitorAsync(string conversationId, string eventName, object payload) =>
        SendAsync(hub.Clients.Group(ChatHub.ConversationGroup(conversationId)), eventName, payload);

    public async Task ToWorkspaceAsync(string workspaceId, string eventName, object payload)
    {
        try
        {
            await workspaceEvents.PublishAsync(workspaceId, eventName, payload);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPushFailed(logger, e, eventName);
        }
    }

    public async Task MessageAsync(string workspaceId, ChatMessageView message)
    {
        await ToAgentsAsync(workspaceId, ChatEvents.ChatMessage, message, message.ConversationId);
        await ToVisitorAsync(message.ConversationId, ChatEvents.ChatMessage, message);
    }

    /// <summary>Sends the workspace's conversation counts to its team shortly after they change (once for a burst of changes).</summary>
    public void StatsChanged(string workspaceId)
    {
        if (!_statsPending.TryAdd(workspaceId, 0))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(StatsDelay);
                _statsPending.TryRemove(workspaceId, out _);
                await using var scope = scopes.CreateAsyncScope();
                var stats = await CountAsync(scope.ServiceProvider.GetRequiredService<ParleyDb>(), workspaceId, CancellationToken.None);
                await ToAgentsAsync(workspaceId, ChatEvents.AnalyticsUpdate, stats);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _statsPending.TryRemove(workspaceId, out _);
                LogPushFailed(logger, e, ChatEvents.AnalyticsUpdate);
            }
        });
    }

    public static async Task<ChatStats> CountAsync(ParleyDb db, string workspaceId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Conversation>().IgnoreQueryFilters().AsNoTracking().Where(c => c.WorkspaceId == workspaceId)
            .GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Unread = g.Sum(c => c.UnreadCount) })
            .ToListAsync(cancellationToken);
        int Count(ConversationStatus status) => rows.FirstOrDefault(r => r.Status == status)?.Count ?? 0;
        return new ChatStats(rows.Where(r => r.Status != ConversationStatus.Closed).Sum(r => r.Count), Count(ConversationStatus.Bot),
            Count(ConversationStatus.Handoff), Count(ConversationStatus.Agent), Count(ConversationStatus.Closed),
            rows.Where(r => r.Status != ConversationStatus.Closed).Sum(r => r.Unread));
    }

    private async Task SendAsync(IClientProxy clients, string eventName, object payload)
    {
        try
        {
            await clients.SendAsync(eventName, payload);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPushFailed(logger, e, eventName);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push the chat event {Event}")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string @event);
}

public sealed record ChatFeedEvent(string Name, string? ConversationId, object Payload);

/// <summary>
/// Chat events for the admin pages of this instance (a Blazor circuit is not a hub client). Pages also refresh on a timer
/// (<c>Chat:AdminRefreshSeconds</c>), which covers events raised on another instance.
/// </summary>
public sealed class ChatLiveFeed
{
    private readonly ConcurrentDictionary<string, ImmutableSubscribers> _subscribers = new(StringComparer.Ordinal);

    public IDisposable Subscribe(string workspaceId, Action<ChatFeedEvent> handler)
    {
        var subscription = new Subscription(this, workspaceId, handler);
        _subscribers.AddOrUpdate(workspaceId, _ => new ImmutableSubscribers([subscription]), (_, list) => list.With(subscription));
        return subscription;
    }

    public void Publish(string workspaceId, ChatFeedEvent e)
    {
        if (!_subscribers.TryGetValue(workspaceId, out var list))
        {
            return;
        }

        foreach (var subscription in list.Items)
        {
            subscription.Handler(e);
        }
    }

    private void Remove(Subscription subscription)
    {
        _subscribers.AddOrUpdate(subscription.WorkspaceId, _ => new ImmutableSubscribers([]), (_, list) => list.Without(subscription));
        _subscribers.TryRemove(new KeyValuePair<string, ImmutableSubscribers>(subscription.WorkspaceId, ImmutableSubscribers.Empty));
    }

    private sealed record ImmutableSubscribers(Subscription[] Items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);

        public ImmutableSubscribers With(Subscription s) => new([.. Items, s]);

        public ImmutableSubscribers Without(Subscription s)
        {
            var rest = Items.Where(i => !ReferenceEquals(i, s)).ToArray();
            return rest.Length == 0 ? Empty : new ImmutableSubscribers(rest);
        }
    }

    private sealed class Subscription(ChatLiveFeed feed, string workspaceId, Action<ChatFeedEvent> handler) : IDisposable
    {
        public string WorkspaceId { get; } = workspaceId;
        public Action<ChatFeedEvent> Handler { get; } = handler;

        public void Dispose() => feed.Remove(this);
    }
}
