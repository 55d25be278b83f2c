using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;
using Parley.Platform.Tenancy;

namespace Parley.Features.Chat;

public sealed record JoinRequest(string? Workspace, string? SessionId);

public sealed record JoinResult(string ConversationId, ConversationStatus Status, string? Language, string? AssignedName);

public sealed record HubChatMessage(string? Message, string? Workspace, string? SessionId, string? Language, string? PageUrl, string? ConversationId);

public sealed record TypingRequest(bool IsTyping, string? ConversationId);

public sealed record ReadRequest(string? ConversationId);

/// <summary>
/// Real-time chat. Two kinds of connection share it: a visitor (anonymous) joins its own conversation by session id and can reach
/// nothing else; a team member (token or cookie, viewer or above) is put in the workspace's room on connect and hears every
/// conversation of it. Visitor messages sent here take the same path as <c>POST /api/v1/public/{slug}/chat/messages</c>.
/// Per connection the server keeps one small <see cref="ChatConnection"/>, so thousands of idle widgets cost little.
/// </summary>
public sealed class ChatHub(IServiceProvider services, IOptions<ChatOptions> options) : Hub
{
    public const string Path = "/hubs/chat";
    private static readonly object StateKey = new();

    public static string AgentsGroup(string workspaceId) => "chat-agents:" + workspaceId;

    public static string ConversationGroup(string conversationId) => "chat:" + conversationId;

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        if (http is not null && !OriginAllowed(http.Request.Headers.Origin.ToString()))
        {
            Context.Abort();
            return;
        }

        var state = new ChatConnection { Ip = http?.Connection.RemoteIpAddress?.ToString() };
        Context.Items[StateKey] = state;
        if (Context.User?.Identity?.IsAuthenticated == true && http is not null)
        {
            var resolver = services.GetRequiredService<WorkspaceResolver>();
            state.Agent = await resolver.ResolveAsync(Context.User, WorkspaceResolutionMiddleware.RequestedWorkspace(http.Request), Context.ConnectionAborted);
            if (state.Agent is not null)
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, AgentsGroup(state.Agent.WorkspaceId));
                await Clients.Caller.SendAsync(ChatEvents.Joined, new { workspace_id = state.Agent.WorkspaceId, role = state.Agent.Role });
            }
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(StateKey, out var value) && value is ChatConnection { ConversationId: { } conversation, ConversationWorkspaceId: { } workspace })
        {
            await Notifier.ToAgentsAsync(workspace, ChatEvents.Leave, new PresenceEvent(conversation), conversation);
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>A visitor opens its conversation: from now on it hears the team's replies, typing and read receipts live.</summary>
    [HubMethodName(ChatEvents.Join)]
    public async Task<JoinResult> JoinAsync(JoinRequest request)
    {
        var state = State;
        var opened = await services.GetRequiredService<VisitorChatService>()
                         .OpenAsync(request.Workspace ?? string.Empty, request.SessionId ?? string.Empty, Context.ConnectionAborted)
                     ?? throw new HubException("CONVERSATION_NOT_FOUND: no chat with this session id in this workspace.");
        var (workspace, conversation) = opened;
        await EnterAsync(state, workspace, conversation.Id, request.SessionId!);
        return new JoinResult(conversation.Id, conversation.Status, conversation.Language, conversation.AssignedName);
    }

    [HubMethodName(ChatEvents.Leave)]
    public async Task LeaveAsync()
    {
        var state = State;
        if (state.ConversationId is { } conversation && state.ConversationWorkspaceId is { } workspace)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, ConversationGroup(conversation));
            state.ConversationId = state.ConversationWorkspaceId = state.Slug = state.SessionId = null;
            await Notifier.ToAgentsAsync(workspace, ChatEvents.Leave, new PresenceEvent(conversation), conversation);
        }
    }

    /// <summary>
    /// A message. From a team member naming a conversation of their workspace: a person's reply. Otherwise a visitor's message
    /// (to the joined conversation, or a new one in <c>workspace</c>), answered exactly as over HTTP.
    /// </summary>
    [HubMethodName(ChatEvents.ChatMessage)]
    public async Task<object> ChatMessageAsync(HubChatMessage request)
    {
        var state = State;
        if (request.ConversationId is { } conversationId && state.Agent is not null)
        {
            var inbox = AsTeamMember(WorkspaceRole.Agent);
            return await Translate(() => inbox.ReplyAsync(conversationId, request.Message, Context.ConnectionAborted));
        }

        using var lease = await services.GetRequiredService<ChatHubLimiter>().AcquireAsync(state.Ip);
        if (!lease.IsAcquired)
        {
            throw new HubException($"{ErrorCodes.RateLimited}: too many messages; wait a moment.");
        }

        var slug = request.Workspace ?? state.Slug ?? throw new HubException("WORKSPACE_REQUIRED: name the workspace (its public slug) or join a chat first.");
        var session = request.SessionId ?? (slug == state.Slug ? state.SessionId : null);
        var visitors = services.GetRequiredService<VisitorChatService>();
        var reply = await Translate(() => visitors.PostAsync(slug, new VisitorMessageInput(session, request.Message, request.Language, request.PageUrl),
            Context.ConnectionAborted));
        if (state.ConversationId != reply.ConversationId)
        {
            var workspace = await visitors.WorkspaceAsync(slug, Context.ConnectionAborted);
            await EnterAsync(state, workspace, reply.ConversationId, reply.SessionId);
        }

        return reply;
    }

    /// <summary>Typing indicator: a visitor's goes to the team, a team member's to the visitor of the named conversation.</summary>
    [HubMethodName(ChatEvents.Typing)]
    public async Task TypingAsync(TypingRequest request)
    {
        var state = State;
        var now = Environment.TickCount64;
        // One indicator a second is plenty; more would only let a page flood the team.
        if (request.IsTyping && now - state.LastTypingAt < 1000)
        {
            return;
        }

        state.LastTypingAt = now;
        if (request.ConversationId is { } conversationId && state.Agent is not null)
        {
            var inbox = AsTeamMember(WorkspaceRole.Agent);
            if (!await inbox.ExistsAsync(conversationId, Context.ConnectionAborted))
            {
                throw new HubException("CONVERSATION_NOT_FOUND: no conversation with this id in the workspace.");
            }

            await Notifier.ToVisitorAsync(conversationId, ChatEvents.Typing, new TypingEvent(conversationId, "agent", null, request.IsTyping));
            return;
        }

        if (state.ConversationId is { } conversation && state.ConversationWorkspaceId is { } workspace)
        {
            await Notifier.ToAgentsAsync(workspace, ChatEvents.Typing, new TypingEvent(conversation, "visitor", null, request.IsTyping), conversation);
        }
    }

    /// <summary>Read receipts: a visitor saw the team's messages, or a team member read the visitor's.</summary>
    [HubMethodName(ChatEvents.Read)]
    public async Task ReadAsync(ReadRequest request)
    {
        var state = State;
        if (request.ConversationId is { } conversationId && state.Agent is not null)
        {
            var inbox = AsTeamMember(WorkspaceRole.Agent);
            await Translate(() => inbox.MarkReadAsync(conversationId, Context.ConnectionAborted));
            return;
        }

        if (state.ConversationId is { } conversation && state.ConversationWorkspaceId is { } workspace)
        {
            await services.GetRequiredService<VisitorChatService>().MarkTeamMessagesReadAsync(workspace, conversation, Context.ConnectionAborted);
        }
    }

    private ChatConnection State => Context.Items.TryGetValue(StateKey, out var value) && value is ChatConnection state
        ? state
        : throw new HubException("NOT_CONNECTED: the connection was refused.");

    private ChatNotifier Notifier => services.GetRequiredService<ChatNotifier>();

    private async Task EnterAsync(ChatConnection state, ChatWorkspace workspace, string conversationId, string sessionId)
    {
        if (state.ConversationId is { } previous && previous != conversationId)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, ConversationGroup(previous));
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroup(conversationId));
        var joinedNow = state.ConversationId != conversationId;
        state.ConversationId = conversationId;
        state.ConversationWorkspaceId = workspace.Id;
        state.Slug = workspace.Slug;
        state.SessionId = sessionId;
        if (joinedNow)
        {
            await Notifier.ToAgentsAsync(workspace.Id, ChatEvents.Join, new PresenceEvent(conversationId), conversationId);
        }
    }

    /// <summary>The team member's inbox, acting in their workspace with their role (each hub call runs in a scope of its own).</summary>
    private InboxService AsTeamMember(WorkspaceRole minimum)
    {
        var agent = State.Agent!;
        if (agent.Role < minimum)
        {
            throw new HubException($"{ErrorCodes.Forbidden}: your role may not do this.");
        }

        services.GetRequiredService<WorkspaceContext>().Apply(agent);
        return services.GetRequiredService<InboxService>();
    }

    private bool OriginAllowed(string origin)
    {
        var chat = options.Value;
        // Only browsers send Origin; server-side clients (and the .NET client) do not, and carry no visitor's cookies either.
        return chat.AllowsAnyOrigin || origin.Length == 0 || chat.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }

    private static async Task<T> Translate<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException e)
        {
            var field = e.Fields?.Values.SelectMany(m => m).FirstOrDefault();
            throw new HubException($"{e.Code}: {field ?? e.Message}");
        }
    }
}

/// <summary>What the server remembers of one hub connection.</summary>
internal sealed class ChatConnection
{
    public string? Ip { get; init; }
    public ResolvedWorkspace? Agent { get; set; }
    public string? ConversationId { get; set; }
    public string? ConversationWorkspaceId { get; set; }
    public string? Slug { get; set; }
    public string? SessionId { get; set; }
    public long LastTypingAt { get; set; }
}

/// <summary>Visitor messages over the hub, limited per client IP like the public HTTP endpoints (<c>RateLimits:PublicPermitsPerMinute</c>).</summary>
public sealed class ChatHubLimiter(IOptions<RateLimitOptions> limits) : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.Value.PublicPermitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public ValueTask<RateLimitLease> AcquireAsync(string? ip) => _limiter.AcquireAsync(ip ?? "unknown");

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
