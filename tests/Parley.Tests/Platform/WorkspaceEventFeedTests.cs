using System.Collections.Concurrent;
using Parley.Platform.Realtime;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

/// <summary>The in-process side of workspace events: what the admin UI's circuits hear without a hub connection.</summary>
public sealed class WorkspaceEventFeedTests
{
    private sealed record Payload(string Text);

    [Fact]
    public async Task AnEventPublishedThroughTheHubPublisherReachesInProcessListenersOfItsWorkspaceOnly()
    {
        var app = Lanes.App(Lanes.Sqlite);
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var feed = app.Service<WorkspaceEventFeed>();
        var heardByA = new ConcurrentQueue<WorkspaceEvent>();
        var heardByB = new ConcurrentQueue<WorkspaceEvent>();
        using var subscriptionA = feed.Subscribe(a.WorkspaceId, heardByA.Enqueue);
        using var subscriptionB = feed.Subscribe(b.WorkspaceId, heardByB.Enqueue);

        var payload = new Payload("for A");
        await app.Service<IWorkspaceEvents>().PublishAsync(a.WorkspaceId, "test_event", payload);

        var heard = Assert.Single(heardByA);
        Assert.Equal(a.WorkspaceId, heard.WorkspaceId);
        Assert.Equal("test_event", heard.Name);
        Assert.Same(payload, heard.Payload);
        Assert.Empty(heardByB);
    }

    [Fact]
    public async Task ADisposedSubscriptionHearsNothingMoreAndAFailingListenerDoesNotStopTheOthers()
    {
        var app = Lanes.App(Lanes.Sqlite);
        var tenant = await app.RegisterAsync();
        var feed = app.Service<WorkspaceEventFeed>();
        var events = app.Service<IWorkspaceEvents>();
        var heard = new ConcurrentQueue<string>();
        using var failing = feed.Subscribe(tenant.WorkspaceId, _ => throw new InvalidOperationException("listener bug"));
        var leaving = feed.Subscribe(tenant.WorkspaceId, e => heard.Enqueue("leaving:" + e.Name));
        using var staying = feed.Subscribe(tenant.WorkspaceId, e => heard.Enqueue("staying:" + e.Name));
        Assert.Equal(3, feed.ListenerCount(tenant.WorkspaceId));

        await events.PublishAsync(tenant.WorkspaceId, "first", new Payload("1"));
        leaving.Dispose();
        leaving.Dispose();
        await events.PublishAsync(tenant.WorkspaceId, "second", new Payload("2"));

        Assert.Equal(["leaving:first", "staying:first", "staying:second"], heard.ToArray());
        Assert.Equal(2, feed.ListenerCount(tenant.WorkspaceId));
    }
}
