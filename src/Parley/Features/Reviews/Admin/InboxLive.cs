using Microsoft.Extensions.Options;
using Parley.Features.Feedback;
using Parley.Platform.Caching;
using Parley.Platform.Realtime;
using Parley.Platform.Tenancy;

namespace Parley.Features.Reviews.Admin;

/// <summary>
/// The circuit's view of the review inbox: unread counters for the badges, kept current by the workspace's events, and those events
/// passed on to whichever review page is open. One per circuit; it listens from the first badge render until the circuit ends.
/// </summary>
public sealed class InboxLive(
    AdminWork work,
    IWorkspaceContext circuit,
    WorkspaceEventFeed feed,
    IConfiguration configuration,
    IOptions<ReviewsAdminOptions> options,
    ILogger<InboxLive> logger) : IDisposable
{
    /// <summary>The events the review pages react to.</summary>
    public static readonly IReadOnlySet<string> Events = new HashSet<string>(StringComparer.Ordinal)
    {
        ReviewEvents.ReviewCreated, ReviewEvents.ReviewReplied, ReviewEvents.ReviewsImported, ReviewEvents.UnreadCountsChanged,
        FeedbackEvents.FeedbackCreated, FeedbackEvents.FeedbackStatusChanged,
    };

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closing = new();
    private IDisposable? _subscription;
    private Task? _started;
    private long _version;

    public int UnreadReviews { get; private set; }

    public int UnreadFeedback { get; private set; }

    /// <summary>The workspace's time zone, for showing days and times as the business sees them (UTC until loaded).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Raised (on the publisher's thread) after the counters changed or an inbox event arrived; handlers go through their component's <c>InvokeAsync</c>.</summary>
    public event Action<WorkspaceEvent?>? Changed;

    /// <summary>Subscribes to the workspace's events and loads the counters, once per circuit. Never throws.</summary>
    public Task StartAsync()
    {
        lock (_gate)
        {
            if (_started is null && circuit.WorkspaceId is { } workspaceId)
            {
                // Listening first, counting second: an event between the two is not lost, and a count read before it is not kept.
                _subscription = feed.Subscribe(workspaceId, OnEvent);
                // Counters are a convenience: a failed count is logged, the pages work without it, and the next event fills it in.
                _started = RefreshQuietlyAsync();
                if (RedisSetup.ConnectionString(configuration) is not null)
                {
                    _ = RecountPeriodicallyAsync(TimeSpan.FromSeconds(options.Value.InboxRefreshSeconds), _closing.Token);
                }
            }

            return _started ?? Task.CompletedTask;
        }
    }

    /// <summary>Reads both counters again (after this circuit changed something without an event, or to recover from a missed one).</summary>
    public async Task RefreshAsync()
    {
        var version = Interlocked.Read(ref _version);
        var (reviews, feedback, zone) = await work.RunAsync(async services =>
        {
            var reviewService = services.GetRequiredService<ReviewService>();
            var reviewCount = await reviewService.UnreadCountAsync(CancellationToken.None);
            var feedbackCount = await services.GetRequiredService<FeedbackService>().UnreadCountAsync(CancellationToken.None);
            return (reviewCount, feedbackCount, await reviewService.ZoneAsync(CancellationToken.None));
        });
        Zone = zone;
        if (Interlocked.CompareExchange(ref _version, version + 1, version) == version)
        {
            Set(reviews, feedback, null);
        }
    }

    private void OnEvent(WorkspaceEvent published)
    {
        if (!Events.Contains(published.Name))
        {
            return;
        }

        if (published.Payload is UnreadCounts counts)
        {
            Interlocked.Increment(ref _version);
            Set(counts.Reviews, counts.Feedback, published);
            return;
        }

        Changed?.Invoke(published);
        if (published.Name == ReviewEvents.UnreadCountsChanged)
        {
            // A payload from elsewhere (another shape): count again rather than guess.
            _ = RefreshQuietlyAsync();
        }
    }

    private async Task RecountPeriodicallyAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await RefreshQuietlyAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The circuit ended.
        }
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Unread counters could not be refreshed.");
        }
    }

    private void Set(int reviews, int feedback, WorkspaceEvent? cause)
    {
        UnreadReviews = reviews;
        UnreadFeedback = feedback;
        Changed?.Invoke(cause);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _subscription?.Dispose();
            _subscription = null;
        }

        _closing.Cancel();
        _closing.Dispose();
    }
}
