using System.Collections.Concurrent;

namespace Parley.Platform.Realtime;

/// <summary>An event as published through <see cref="IWorkspaceEvents"/>, with its payload object as the publisher passed it.</summary>
public sealed record WorkspaceEvent(string WorkspaceId, string Name, object Payload);

/// <summary>
/// In-process listeners of workspace events, for code running inside the server (the admin UI's interactive circuits) that would
/// otherwise have to connect to its own hub. It hears what is published on this instance; with several instances behind a Redis
/// backplane, listeners should also refresh now and then (the hub reaches browsers everywhere, this feed does not).
/// </summary>
public sealed class WorkspaceEventFeed(ILogger<WorkspaceEventFeed> logger)
{
    private readonly ConcurrentDictionary<string, ImmutableListeners> _listeners = new(StringComparer.Ordinal);

    /// <summary>
    /// Calls <paramref name="listener"/> for every event of the workspace until the subscription is disposed. The listener runs on the
    /// publisher's thread: it must return quickly (hand the work to its own context, e.g. a component's <c>InvokeAsync</c>).
    /// </summary>
    public IDisposable Subscribe(string workspaceId, Action<WorkspaceEvent> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var subscription = new Subscription(this, workspaceId, listener);
        _listeners.AddOrUpdate(workspaceId, _ => new ImmutableListeners([subscription]), (_, current) => current.With(subscription));
        return subscription;
    }

    /// <summary>Number of live subscriptions of a workspace (for diagnostics and tests).</summary>
    public int ListenerCount(string workspaceId) => _listeners.TryGetValue(workspaceId, out var current) ? current.Items.Length : 0;

    internal void Publish(string workspaceId, string eventName, object payload)
    {
        if (!_listeners.TryGetValue(workspaceId, out var current))
        {
            return;
        }

        var published = new WorkspaceEvent(workspaceId, eventName, payload);
        foreach (var subscription in current.Items)
        {
            try
            {
                subscription.Listener(published);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A listener's failure is its own; the publisher and the other listeners carry on.
                logger.LogWarning(e, "A listener of workspace event {Event} failed.", eventName);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        while (_listeners.TryGetValue(subscription.WorkspaceId, out var current))
        {
            var next = current.Without(subscription);
            var done = next.Items.Length == 0
                ? _listeners.TryRemove(new KeyValuePair<string, ImmutableListeners>(subscription.WorkspaceId, current))
                : _listeners.TryUpdate(subscription.WorkspaceId, next, current);
            if (done)
            {
                return;
            }
        }
    }

    /// <summary>Copy-on-write, so publishing never locks and never sees a half-changed list.</summary>
    private sealed class ImmutableListeners(Subscription[] items)
    {
        public Subscription[] Items { get; } = items;

        public ImmutableListeners With(Subscription subscription) => new([.. Items, subscription]);

        public ImmutableListeners Without(Subscription subscription) => new(Items.Where(s => !ReferenceEquals(s, subscription)).ToArray());
    }

    private sealed class Subscription(WorkspaceEventFeed feed, string workspaceId, Action<WorkspaceEvent> listener) : IDisposable
    {
        private int _disposed;

        public string WorkspaceId { get; } = workspaceId;

        public Action<WorkspaceEvent> Listener { get; } = listener;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Remove(this);
            }
        }
    }
}

/// <summary>Publishes to the hub (browsers, API clients) and then to this instance's <see cref="WorkspaceEventFeed"/>.</summary>
internal sealed class FeedingWorkspaceEvents(WorkspaceEvents hub, WorkspaceEventFeed feed) : IWorkspaceEvents
{
    public async Task PublishAsync(string workspaceId, string eventName, object payload, CancellationToken cancellationToken = default)
    {
        try
        {
            await hub.PublishAsync(workspaceId, eventName, payload, cancellationToken);
        }
        finally
        {
            // In-process listeners hear the event even when the hub (or its backplane) could not take it.
            feed.Publish(workspaceId, eventName, payload);
        }
    }
}
