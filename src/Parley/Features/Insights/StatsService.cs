using System.Globalization;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Parley.Features.Reviews;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Insights;

/// <summary>
/// Dashboard statistics from the review counters, cached per workspace and review-data version: a change to the reviews
/// changes the version, so a cached answer is never stale; the expiry only frees memory.
/// </summary>
public sealed class StatsService(
    ReviewStatistics statistics,
    WorkspaceService workspaces,
    IWorkspaceContext current,
    HybridCache cache,
    IOptions<InsightsOptions> options,
    TimeProvider clock)
{
    public const int TrendDays = 30;

    private static readonly (string Source, string Color, string Icon)[] Sources =
    [
        (ReviewSources.Google, "#4285F4", "pi pi-google"),
        (ReviewSources.Booksy, "#00A3AD", "pi pi-calendar"),
        (ReviewSources.Facebook, "#1877F2", "pi pi-facebook"),
        (ReviewSources.Avito, "#00AAFF", "pi pi-shopping-bag"),
        (ReviewSources.Manual, "#64748B", "pi pi-pencil"),
    ];

    /// <summary>The contract's stats; with a <paramref name="scenario"/>, its styling too.</summary>
    public async Task<StatsView> GetAsync(string? scenario, CancellationToken cancellationToken)
    {
        var version = await statistics.VersionAsync(cancellationToken);
        var stats = await cache.GetOrCreateAsync($"stats:{current.WorkspaceId}:{version}",
            async token => await ComputeAsync(token), Entry, cancellationToken: cancellationToken);
        return stats with { Scenario = scenario is null ? null : Scenarios.For(scenario) };
    }

    /// <summary>The last 30 workspace-local days, oldest first, each labelled DD.MM.</summary>
    public async Task<(DateOnly[] Days, string[] Labels)> LastDaysAsync(CancellationToken cancellationToken)
    {
        var zone = await statistics.ZoneAsync(cancellationToken);
        var today = WorkspaceTimeZones.LocalDay(clock.GetUtcNow().UtcDateTime, zone);
        var days = Enumerable.Range(0, TrendDays).Select(i => today.AddDays(i - TrendDays + 1)).ToArray();
        return (days, days.Select(d => d.ToString("dd.MM", CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Reviews, average rating and replies per day over the last 30 days, from the counters.</summary>
    public async Task<TimeTrendsView> TimeTrendsAsync(CancellationToken cancellationToken)
    {
        var (days, labels) = await LastDaysAsync(cancellationToken);
        var version = await statistics.VersionAsync(cancellationToken);
        return await cache.GetOrCreateAsync($"time-trends:{current.WorkspaceId}:{version}:{days[^1]:yyyyMMdd}", async token =>
        {
            var daily = (await statistics.DailyAsync(days[0], days[^1], token)).ToDictionary(d => d.Day);
            return new TimeTrendsView(labels,
                days.Select(d => daily.GetValueOrDefault(d)?.Reviews ?? 0).ToList(),
                days.Select(d => daily.GetValueOrDefault(d) is { Reviews: > 0 } t ? Math.Round((double)t.RatingSum / t.Reviews, 1) : 0).ToList(),
                days.Select(d => daily.GetValueOrDefault(d)?.Replies ?? 0).ToList());
        }, Entry, cancellationToken: cancellationToken);
    }

    /// <summary>Sentiment of every stored review (distribution) and per day over the last 30 days, from the counters.</summary>
    public async Task<(SentimentDistribution Distribution, SentimentTrends Trends)> SentimentAsync(CancellationToken cancellationToken)
    {
        var (days, labels) = await LastDaysAsync(cancellationToken);
        var version = await statistics.VersionAsync(cancellationToken);
        var result = await cache.GetOrCreateAsync($"sentiment:{current.WorkspaceId}:{version}:{days[^1]:yyyyMMdd}", async token =>
        {
            var totals = await statistics.BySourceAsync(token);
            var distribution = Percentages.Split(totals.Sum(t => t.Positive), totals.Sum(t => t.Neutral), totals.Sum(t => t.Negative));
            var daily = (await statistics.DailyAsync(days[0], days[^1], token)).ToDictionary(d => d.Day);
            var perDay = days.Select(d => daily.GetValueOrDefault(d) is { } t ? Percentages.Split(t.Positive, t.Neutral, t.Negative) : new SentimentDistribution(0, 0, 0))
                .ToList();
            return new SentimentSummary(distribution, new SentimentTrends(labels, perDay.Select(p => p.Positive).ToList(),
                perDay.Select(p => p.Neutral).ToList(), perDay.Select(p => p.Negative).ToList()));
        }, Entry, cancellationToken: cancellationToken);
        return (result.Distribution, result.Trends);
    }

    private HybridCacheEntryOptions Entry => new()
    {
        Expiration = TimeSpan.FromMinutes(options.Value.CacheMinutes),
        LocalCacheExpiration = TimeSpan.FromMinutes(options.Value.CacheMinutes),
    };

    private async Task<StatsView> ComputeAsync(CancellationToken cancellationToken)
    {
        var totals = (await statistics.BySourceAsync(cancellationToken)).ToDictionary(t => t.Source);
        var english = (await workspaces.GetCurrentAsync(cancellationToken))?.Locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
        var reviews = totals.Values.Sum(t => t.Reviews);
        var breakdown = Sources
            .Where(s => s.Source is ReviewSources.Google or ReviewSources.Booksy or ReviewSources.Facebook || totals.GetValueOrDefault(s.Source)?.Reviews > 0)
            .Select(s => new SourceBreakdown(SourceLabel(s.Source, english), totals.GetValueOrDefault(s.Source)?.Reviews ?? 0, s.Color, s.Icon))
            .ToList();
        return new StatsView(
            reviews == 0 ? 0 : Math.Round((double)totals.Values.Sum(t => t.RatingSum) / reviews, 1),
            reviews,
            Percentages.Of(totals.Values.Sum(t => t.HighRated), reviews),
            breakdown,
            Percentages.Of(totals.Values.Sum(t => t.Answered), reviews),
            null);
    }

    private static string SourceLabel(string source, bool english) => source switch
    {
        ReviewSources.Manual => english ? "Added by hand" : "Dodane ręcznie",
        _ => ReplyPublisher.Label(source),
    };

    private sealed record SentimentSummary(SentimentDistribution Distribution, SentimentTrends Trends);
}

public static class Percentages
{
    public static int Of(long part, long whole) => whole == 0 ? 0 : (int)Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero);

    /// <summary>Three shares that add up to exactly 100 (largest remainder), or all 0 when there is nothing.</summary>
    public static SentimentDistribution Split(int positive, int neutral, int negative)
    {
        var total = positive + neutral + negative;
        if (total == 0)
        {
            return new SentimentDistribution(0, 0, 0);
        }

        int[] counts = [positive, neutral, negative];
        var exact = counts.Select(c => 100.0 * c / total).ToArray();
        var floors = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = 100 - floors.Sum();
        foreach (var i in Enumerable.Range(0, 3).OrderByDescending(i => exact[i] - floors[i]).Take(left))
        {
            floors[i]++;
        }

        return new SentimentDistribution(floors[0], floors[1], floors[2]);
    }
}
