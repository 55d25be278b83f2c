using Microsoft.EntityFrameworkCore;
using Parley.Data;

namespace Parley.Features.Reviews;

/// <summary>Totals of one source. <see cref="HighRated"/>: reviews with 4 or 5 stars.</summary>
public sealed record SourceTotals(string Source, int Reviews, int Answered, long RatingSum, int HighRated, int Positive, int Neutral, int Negative);

/// <summary>Totals of one workspace-local day: reviews written that day, replies written that day.</summary>
public sealed record DailyTotals(DateOnly Day, int Reviews, long RatingSum, int Replies, int Positive, int Neutral, int Negative);

/// <summary>What text analysis needs of a stored review.</summary>
public sealed record ReviewForAnalysis(string Id, string Source, string AuthorName, int Rating, string Content, DateTime Date, string Sentiment,
    string? ServiceName, DateTime? ReplyDate);

/// <summary>Aggregates of the current workspace's reviews, read from the counters (<see cref="ReviewTotal"/>, <see cref="ReviewDailyStat"/>) rather than the reviews.</summary>
public sealed class ReviewStatistics(ParleyDb db, ReviewService reviews)
{
    public async Task<IReadOnlyList<SourceTotals>> BySourceAsync(CancellationToken cancellationToken) =>
        await db.Set<ReviewTotal>().AsNoTracking()
            .GroupBy(s => s.Source)
            .Select(g => new SourceTotals(g.Key, g.Sum(s => s.Reviews), g.Sum(s => s.Answered), g.Sum(s => (long)s.Rating * s.Reviews),
                g.Sum(s => s.Rating >= 4 ? s.Reviews : 0), g.Sum(s => s.Positive), g.Sum(s => s.Neutral), g.Sum(s => s.Negative)))
            .ToListAsync(cancellationToken);

    /// <summary>Per day from <paramref name="from"/> to <paramref name="to"/> inclusive; days without activity are absent.</summary>
    public async Task<IReadOnlyList<DailyTotals>> DailyAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        await db.Set<ReviewDailyStat>().AsNoTracking()
            .Where(s => s.Day >= from && s.Day <= to)
            .GroupBy(s => s.Day)
            .Select(g => new DailyTotals(g.Key, g.Sum(s => s.Reviews), g.Sum(s => (long)s.Rating * s.Reviews), g.Sum(s => s.Replies),
                g.Sum(s => s.Positive), g.Sum(s => s.Neutral), g.Sum(s => s.Negative)))
            .ToListAsync(cancellationToken);

    /// <summary>The newest reviews, for analyses that read text.</summary>
    public async Task<IReadOnlyList<ReviewForAnalysis>> RecentAsync(int max, CancellationToken cancellationToken) =>
        await db.Set<Review>().AsNoTracking().OrderByDescending(r => r.Date).Take(max)
            .Select(r => new ReviewForAnalysis(r.Id, r.Source, r.AuthorName, r.Rating, r.Content, r.Date, r.Sentiment, r.ServiceName, r.ReplyDate))
            .ToListAsync(cancellationToken);

    /// <summary>Changes whenever the workspace's reviews change: cache keys include it.</summary>
    public async Task<long> VersionAsync(CancellationToken cancellationToken) =>
        await db.Set<ReviewDataVersion>().AsNoTracking().Select(v => v.Version).FirstOrDefaultAsync(cancellationToken);

    public Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken) => reviews.ZoneAsync(cancellationToken);
}
