using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Platform.Realtime;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

public sealed class RealtimeTests
{
    private static async Task<(HubConnection Connection, ChannelReader<string> Received)> ConnectAsync(ParleyApp app, string accessToken)
    {
        var received = Channel.CreateUnbounded<string>();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, WorkspaceHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .Build();
        var joined = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<EventPayload>("test_event", p => received.Writer.TryWrite(p.Text));
        connection.On<JoinedPayload>(WorkspaceHub.JoinedEvent, p => joined.TrySetResult(p.WorkspaceId));
        await connection.StartAsync();
        await joined.Task.WaitAsync(TimeSpan.FromSeconds(15));
        return (connection, received.Reader);
    }

    private sealed record EventPayload(string Text);

    private sealed record JoinedPayload(string WorkspaceId);

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnEventReachesItsWorkspacesClientsAndNoOneElse(string lane)
    {
        var app = Lanes.App(lane);
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var (connectionA, receivedA) = await ConnectAsync(app, a.AccessToken);
        Assert.Equal(HubConnectionState.Connected, connectionA.State);
        var (connectionB, receivedB) = await ConnectAsync(app, b.AccessToken);
        await using (connectionA)
        await using (connectionB)
        {
            var events = app.Service<IWorkspaceEvents>();
            await events.PublishAsync(a.WorkspaceId, "test_event", new EventPayload("for A"));
            await events.PublishAsync(b.WorkspaceId, "test_event", new EventPayload("for B"));

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            Assert.Equal("for A", await receivedA.ReadAsync(timeout.Token));
            Assert.Equal("for B", await receivedB.ReadAsync(timeout.Token));
            await Task.Delay(300);
            Assert.False(receivedA.TryRead(out _));
            Assert.False(receivedB.TryRead(out _));
        }
    }

    [Fact]
    public async Task AnAnonymousConnectionIsRefused()
    {
        var app = Lanes.App(Lanes.Sqlite);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, WorkspaceHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }
}
