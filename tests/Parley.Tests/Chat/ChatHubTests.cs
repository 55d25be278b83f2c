using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Parley.Features.Chat;
using Parley.Platform.Json;
using Parley.Platform.Realtime;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Chat;

/// <summary><c>/hubs/chat</c> with the .NET SignalR client: visitors and the team live, and who hears what.</summary>
public sealed class ChatHubTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AVisitorAndTheTeamTalkLiveWithTypingAndReadReceipts(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        var id = (await visitor.SayAsync("Dzień dobry")).Str("conversation_id");
        await using var agent = await LiveClient.ConnectAsync(app, tenant.AccessToken);
        await agent.NextAsync(ChatEvents.Joined);
        await using var widget = await LiveClient.ConnectAsync(app, null);

        var joined = await widget.Connection.InvokeAsync<JsonElement>(ChatEvents.Join, new { workspace = tenant.Slug, session_id = visitor.SessionId });
        var presence = await agent.NextAsync(ChatEvents.Join);
        var reply = await widget.Connection.InvokeAsync<JsonElement>(ChatEvents.ChatMessage, new { message = "Czy jest wolny termin jutro?" });
        var heardQuestion = await agent.NextAsync(ChatEvents.ChatMessage);
        var heardAnswer = await agent.NextAsync(ChatEvents.ChatMessage);
        await widget.Connection.InvokeAsync(ChatEvents.Typing, new { is_typing = true });
        var visitorTyping = await agent.NextAsync(ChatEvents.Typing);

        using var owner = tenant.Client();
        var sent = await owner.PostAsJsonAsync($"/api/v1/chat/conversations/{id}/messages", new { text = "Tak, o 10:00 jest wolne." });
        var agentJoined = await widget.NextAsync(ChatEvents.AgentJoined);
        var status = await widget.NextAsync(ChatEvents.Status);
        var systemMessage = await widget.NextAsync(ChatEvents.ChatMessage, e => e.GetProperty("role").GetString() == "system");
        var agentMessage = await widget.NextAsync(ChatEvents.ChatMessage, e => e.GetProperty("role").GetString() == "agent");
        var readReceipt = await widget.NextAsync(ChatEvents.Read);
        await agent.Connection.InvokeAsync(ChatEvents.Typing, new { is_typing = true, conversation_id = id });
        var agentTyping = await widget.NextAsync(ChatEvents.Typing);
        await widget.Connection.InvokeAsync(ChatEvents.Read, new { });
        var seenByVisitor = await agent.NextAsync(ChatEvents.Read, e => e.GetProperty("by").GetString() == "visitor");
        var overHub = await agent.Connection.InvokeAsync<JsonElement>(ChatEvents.ChatMessage, new { conversation_id = id, message = "Do zobaczenia!" });
        var hubReply = await widget.NextAsync(ChatEvents.ChatMessage, e => e.GetProperty("id").GetString() == overHub.GetProperty("id").GetString());

        Assert.Equal(id, joined.GetProperty("conversation_id").GetString());
        Assert.Equal("bot", joined.GetProperty("status").GetString());
        Assert.Equal(id, presence.GetProperty("conversation_id").GetString());
        Assert.Equal(id, reply.GetProperty("conversation_id").GetString());
        Assert.Equal(visitor.SessionId, reply.GetProperty("session_id").GetString());
        Assert.Equal("Answer reply to: Czy jest wolny termin jutro?", reply.GetProperty("response").GetString());
        Assert.Equal(("visitor", "Czy jest wolny termin jutro?"), (heardQuestion.GetProperty("role").GetString(), heardQuestion.GetProperty("text").GetString()));
        Assert.Equal("bot", heardAnswer.GetProperty("role").GetString());
        Assert.Equal(("visitor", true), (visitorTyping.GetProperty("role").GetString(), visitorTyping.GetProperty("is_typing").GetBoolean()));
        Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);
        Assert.StartsWith("Owner", agentJoined.GetProperty("assigned_name").GetString(), StringComparison.Ordinal);
        Assert.Equal("agent", status.GetProperty("status").GetString());
        Assert.Equal("system", systemMessage.GetProperty("role").GetString());
        Assert.Equal(("agent", "Tak, o 10:00 jest wolne."), (agentMessage.GetProperty("role").GetString(), agentMessage.GetProperty("text").GetString()));
        Assert.Equal("agent", readReceipt.GetProperty("by").GetString());
        Assert.Equal("agent", agentTyping.GetProperty("role").GetString());
        Assert.Equal(id, seenByVisitor.GetProperty("conversation_id").GetString());
        Assert.Equal("agent", overHub.GetProperty("role").GetString());
        Assert.Equal("Do zobaczenia!", hubReply.GetProperty("text").GetString());
        var agentMessages = (await visitor.HistoryAsync()).Where(m => m.Str("role") == "agent").ToList();
        Assert.NotNull(agentMessages[0]!["read_at"]);
        Assert.Null(agentMessages[1]!["read_at"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AVisitorHearsOnlyItsOwnConversationAndTheTeamOnlyItsOwnWorkspace(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var salonA = await app.RegisterAsync();
        var salonB = await app.RegisterAsync();
        using var first = new Visitor(app, salonA.Slug);
        using var second = new Visitor(app, salonA.Slug);
        await first.SayAsync("Pierwszy gość");
        await second.SayAsync("Drugi gość");
        await using var firstWidget = await LiveClient.ConnectAsync(app, null);
        await using var secondWidget = await LiveClient.ConnectAsync(app, null);
        await using var teamA = await LiveClient.ConnectAsync(app, salonA.AccessToken);
        await using var teamB = await LiveClient.ConnectAsync(app, salonB.AccessToken);
        await teamA.NextAsync(ChatEvents.Joined);
        await teamB.NextAsync(ChatEvents.Joined);

        var otherWorkspace = await Assert.ThrowsAsync<HubException>(() =>
            firstWidget.Connection.InvokeAsync<JsonElement>(ChatEvents.Join, new { workspace = salonB.Slug, session_id = first.SessionId }));
        var madeUp = await Assert.ThrowsAsync<HubException>(() =>
            firstWidget.Connection.InvokeAsync<JsonElement>(ChatEvents.Join, new { workspace = salonA.Slug, session_id = "guess" }));
        await firstWidget.Connection.InvokeAsync<JsonElement>(ChatEvents.Join, new { workspace = salonA.Slug, session_id = first.SessionId });
        await secondWidget.Connection.InvokeAsync<JsonElement>(ChatEvents.Join, new { workspace = salonA.Slug, session_id = second.SessionId });
        using var ownerA = salonA.Client();
        await ownerA.PostAsJsonAsync($"/api/v1/chat/conversations/{second.ConversationId}/messages", new { text = "Tylko dla drugiego" });
        var toSecond = await secondWidget.NextAsync(ChatEvents.ChatMessage, e => e.GetProperty("role").GetString() == "agent");
        var teamAHeard = await teamA.NextAsync(ChatEvents.ChatMessage, e => e.GetProperty("role").GetString() == "agent");
        var foreignReply = await Assert.ThrowsAsync<HubException>(() =>
            teamB.Connection.InvokeAsync<JsonElement>(ChatEvents.ChatMessage, new { conversation_id = second.ConversationId, message = "Obcy" }));
        var foreignTyping = await Assert.ThrowsAsync<HubException>(() =>
            teamB.Connection.InvokeAsync(ChatEvents.Typing, new { is_typing = true, conversation_id = second.ConversationId }));
        await Task.Delay(500);

        Assert.Contains("HubException: CONVERSATION_NOT_FOUND", otherWorkspace.Message, StringComparison.Ordinal);
        Assert.Contains("HubException: CONVERSATION_NOT_FOUND", madeUp.Message, StringComparison.Ordinal);
        Assert.Equal("Tylko dla drugiego", toSecond.GetProperty("text").GetString());
        Assert.Equal(second.ConversationId, teamAHeard.GetProperty("conversation_id").GetString());
        Assert.Contains("HubException: CONVERSATION_NOT_FOUND", foreignReply.Message, StringComparison.Ordinal);
        Assert.Contains("HubException: CONVERSATION_NOT_FOUND", foreignTyping.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(firstWidget.Received, e => e.Name == ChatEvents.ChatMessage);
        Assert.DoesNotContain(teamB.Received, e => e.Name != ChatEvents.Joined);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AHandoffReachesTheTeamOnBothHubsWithUpdatedFigures(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        await using var team = await LiveClient.ConnectAsync(app, tenant.AccessToken);
        await team.NextAsync(ChatEvents.Joined);
        await using var workspace = await LiveClient.ConnectAsync(app, tenant.AccessToken, WorkspaceHub.Path);
        await workspace.NextAsync(WorkspaceHub.JoinedEvent);
        using var visitor = new Visitor(app, tenant.Slug);

        await visitor.SayAsync("[handoff] Chcę złożyć reklamację");
        var handoff = await team.NextAsync(ChatEvents.Handoff);
        var onWorkspaceHub = await workspace.NextAsync(ChatEvents.WorkspaceHandoff);
        var figures = await team.NextAsync(ChatEvents.AnalyticsUpdate, e => e.GetProperty("handoff").GetInt32() == 1);

        Assert.Equal(visitor.ConversationId, handoff.GetProperty("conversation_id").GetString());
        Assert.Equal("[handoff] Chcę złożyć reklamację", handoff.GetProperty("preview").GetString());
        Assert.Equal(visitor.ConversationId, onWorkspaceHub.GetProperty("conversation_id").GetString());
        Assert.Equal(1, figures.GetProperty("open").GetInt32());
        Assert.Equal(1, figures.GetProperty("unread").GetInt32());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AVisitorCanStartAChatOverTheHubAndHearsThePersonWhoJoins(string lane)
    {
        var app = ChatApps.Scripted(lane);
        var tenant = await app.RegisterAsync();
        await using var widget = await LiveClient.ConnectAsync(app, null);

        var missingWorkspace = await Assert.ThrowsAsync<HubException>(() =>
            widget.Connection.InvokeAsync<JsonElement>(ChatEvents.ChatMessage, new { message = "Hej" }));
        var empty = await Assert.ThrowsAsync<HubException>(() =>
            widget.Connection.InvokeAsync<JsonElement>(ChatEvents.ChatMessage, new { workspace = tenant.Slug, message = "" }));
        var started = await widget.Connection.InvokeAsync<JsonElement>(ChatEvents.ChatMessage, new { workspace = tenant.Slug, message = "Hej, czy jest ktoś?" });
        var id = started.GetProperty("conversation_id").GetString()!;
        using var owner = tenant.Client();
        await owner.PostAsync($"/api/v1/chat/conversations/{id}/takeover", null);
        var joined = await widget.NextAsync(ChatEvents.AgentJoined);
        var quiet = await widget.Connection.InvokeAsync<JsonElement>(ChatEvents.ChatMessage, new { message = "Super" });
        using var visitor = new Visitor(app, tenant.Slug);
        var history = await Json.ReadArrayAsync(await visitor.Http.GetAsync(
            $"/api/v1/public/{tenant.Slug}/chat/sessions/{started.GetProperty("session_id").GetString()}/messages"));

        Assert.Contains("HubException: WORKSPACE_REQUIRED", missingWorkspace.Message, StringComparison.Ordinal);
        Assert.Contains("HubException: VALIDATION_ERROR", empty.Message, StringComparison.Ordinal);
        Assert.Equal("bot", started.GetProperty("status").GetString());
        Assert.Equal(id, joined.GetProperty("conversation_id").GetString());
        Assert.Equal(JsonValueKind.Null, quiet.GetProperty("response").ValueKind);
        Assert.True(quiet.GetProperty("bot_silent").GetBoolean());
        Assert.Equal(["visitor", "bot", "system", "visitor"], history.Roles());
    }

    [Fact]
    public async Task AViewerHearsTheChatButCannotReplyOverTheHub()
    {
        var app = ChatApps.Scripted(Lanes.Sqlite);
        var tenant = await app.RegisterAsync();
        using var visitor = new Visitor(app, tenant.Slug);
        await visitor.SayAsync("Hej");
        var viewerToken = await ViewerTokenAsync(tenant);
        await using var viewer = await LiveClient.ConnectAsync(app, viewerToken);
        await viewer.NextAsync(ChatEvents.Joined);

        await visitor.SayAsync("Jeszcze jedno");
        var heard = await viewer.NextAsync(ChatEvents.ChatMessage);
        var reply = await Assert.ThrowsAsync<HubException>(() =>
            viewer.Connection.InvokeAsync<JsonElement>(ChatEvents.ChatMessage, new { conversation_id = visitor.ConversationId, message = "Nie wolno" }));

        Assert.Equal("Jeszcze jedno", heard.GetProperty("text").GetString());
        Assert.Contains("HubException: FORBIDDEN", reply.Message, StringComparison.Ordinal);
    }

    private static async Task<string> ViewerTokenAsync(Tenant tenant)
    {
        using var owner = tenant.Client();
        var email = $"viewer-{Guid.NewGuid():N}@example.com";
        var invitation = await Json.ReadAsync(await owner.PostAsJsonAsync("/api/v1/members/invitations", new { email, role = "viewer" }));
        using var anonymous = tenant.App.CreateClient();
        var tokens = await Json.ReadAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/accept-invitation",
            new { token = invitation.Str("token"), password = Tenant.Password }));
        return tokens.Str("access_token");
    }
}

/// <summary>A hub connection (long polling through the test server) that records every chat event it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private static readonly string[] Names =
    [
        ChatEvents.Joined, ChatEvents.Join, ChatEvents.Leave, ChatEvents.ChatMessage, ChatEvents.Typing, ChatEvents.AgentJoined, ChatEvents.AgentLeft,
        ChatEvents.Takeover, ChatEvents.Read, ChatEvents.Handoff, ChatEvents.Status, ChatEvents.AnalyticsUpdate, ChatEvents.ConversationStarted,
        ChatEvents.WorkspaceHandoff, ChatEvents.ContactUpdated,
    ];

    private readonly List<(string Name, JsonElement Payload)> _received = [];
    private readonly HashSet<int> _taken = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var name in Names)
        {
            connection.On<JsonElement>(name, payload =>
            {
                TaskCompletionSource arrived;
                lock (_received)
                {
                    _received.Add((name, payload));
                    arrived = _arrived;
                    _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                arrived.TrySetResult();
            });
        }
    }

    public HubConnection Connection { get; }

    public IReadOnlyList<(string Name, JsonElement Payload)> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<LiveClient> ConnectAsync(ParleyApp app, string? accessToken, string path = ChatHub.Path)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, path), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (accessToken is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }
            })
            .AddJsonProtocol(o => JsonSetup.Configure(o.PayloadSerializerOptions))
            .Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>The earliest event of this name not taken yet (and that <paramref name="match"/> accepts), waiting up to 15 s for it.</summary>
    public async Task<JsonElement> NextAsync(string name, Func<JsonElement, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            Task arrived;
            lock (_received)
            {
                for (var i = 0; i < _received.Count; i++)
                {
                    if (!_taken.Contains(i) && _received[i].Name == name && (match is null || match(_received[i].Payload)))
                    {
                        _taken.Add(i);
                        return _received[i].Payload;
                    }
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No '{name}' event within 15 s; received: {string.Join(", ", Received.Select(e => e.Name))}");
            }
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
