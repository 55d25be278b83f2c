using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Ai.Engine;

namespace Parley.Features.Reviews;

/// <summary>A change to one counter bucket (workspace-local day, source, rating).</summary>
public readonly record struct CounterDelta(
    DateOnly Day, string Source, int Rating,
    int Reviews = 0, int Answered = 0, int Unread = 0, int Positive = 0, int Neutral = 0, int Negative = 0, int Replies = 0)
{
    public static CounterDelta ForNewReview(Review review) => new(review.StatsDay, review.Source, review.Rating,
        Reviews: 1,
        Answered: review.Status == ReviewStatuses.Answered ? 1 : 0,
        Unread: review.IsRead ? 0 : 1,
        Positive: review.Sentiment == SentimentResult.Positive ? 1 : 0,
        Neutral: review.Sentiment == SentimentResult.Neutral ? 1 : 0,
        Negative: review.Sentiment == SentimentResult.Negative ? 1 : 0);
}

/// <summary>
/// Keeps <see cref="ReviewDailyStat"/>, <see cref="ReviewTotal"/> and <see cref="ReviewDataVersion"/> in step with the reviews. Call inside the
/// transaction that changes the reviews: one upsert per bucket (the same SQL works on SQLite and PostgreSQL).
/// </summary>
public sealed class ReviewCounters(ParleyDb db)
{
    public async Task ApplyAsync(string workspaceId, IEnumerable<CounterDelta> deltas, CancellationToken cancellationToken)
    {
        var merged = deltas
            .GroupBy(d => (d.Day, d.Source, d.Rating))
            .Select(g => g.Aggregate(new CounterDelta(g.Key.Day, g.Key.Source, g.Key.Rating), (a, d) => a with
            {
                Reviews = a.Reviews + d.Reviews,
                Answered = a.Answered + d.Answered,
                Unread = a.Unread + d.Unread,
                Positive = a.Positive + d.Positive,
                Neutral = a.Neutral + d.Neutral,
                Negative = a.Negative + d.Negative,
                Replies = a.Replies + d.Replies,
            }))
            .Where(d => d.Reviews != 0 || d.Answered != 0 || d.Unread != 0 || d.Positive != 0 || d.Neutral != 0 || d.Negative != 0 || d.Replies != 0)
            .ToList();
        foreach (var d in merged)
        {
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "ReviewDailyStats" ("WorkspaceId", "Day", "Source", "Rating", "Reviews", "Answered", "Unread", "Positive", "Neutral", "Negative", "Replies")
                VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10})
                ON CONFLICT ("WorkspaceId", "Day", "Source", "Rating") DO UPDATE SET
                    "Reviews" = "ReviewDailyStats"."Reviews" + excluded."Reviews",
                    "Answered" = "ReviewDailyStats"."Answered" + excluded."Answered",
                    "Unread" = "ReviewDailyStats"."Unread" + excluded."Unread",
                    "Positive" = "ReviewDailyStats"."Positive" + excluded."Positive",
                    "Neutral" = "ReviewDailyStats"."Neutral" + excluded."Neutral",
                    "Negative" = "ReviewDailyStats"."Negative" + excluded."Negative",
                    "Replies" = "ReviewDailyStats"."Replies" + excluded."Replies"
                """,
                [workspaceId, d.Day, d.Source, d.Rating, d.Reviews, d.Answered, d.Unread, d.Positive, d.Neutral, d.Negative, d.Replies],
                cancellationToken);
        }

        foreach (var t in merged.GroupBy(d => (d.Source, d.Rating)))
        {
            var (reviews, answered, unread) = (t.Sum(d => d.Reviews), t.Sum(d => d.Answered), t.Sum(d => d.Unread));
            var (positive, neutral, negative) = (t.Sum(d => d.Positive), t.Sum(d => d.Neutral), t.Sum(d => d.Negative));
            if (reviews == 0 && answered == 0 && unread == 0 && positive == 0 && neutral == 0 && negative == 0)
            {
                continue;
            }

            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "ReviewTotals" ("WorkspaceId", "Source", "Rating", "Reviews", "Answered", "Unread", "Positive", "Neutral", "Negative")
                VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8})
                ON CONFLICT ("WorkspaceId", "Source", "Rating") DO UPDATE SET
                    "Reviews" = "ReviewTotals"."Reviews" + excluded."Reviews",
                    "Answered" = "ReviewTotals"."Answered" + excluded."Answered",
                    "Unread" = "ReviewTotals"."Unread" + excluded."Unread",
                    "Positive" = "ReviewTotals"."Positive" + excluded."Positive",
                    "Neutral" = "ReviewTotals"."Neutral" + excluded."Neutral",
                    "Negative" = "ReviewTotals"."Negative" + excluded."Negative"
                """,
                [workspaceId, t.Key.Source, t.Key.Rating, reviews, answered, unread, positive, neutral, negative], cancellationToken);
        }

        await BumpVersionAsync(workspaceId, cancellationToken);
    }

    /// <summary>Marks the workspace's review data as changed (cached statistics and analyses are keyed on the version).</summary>
    public async Task BumpVersionAsync(string workspaceId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "ReviewDataVersions" ("WorkspaceId", "Version") VALUES ({0}, 1)
            ON CONFLICT ("WorkspaceId") DO UPDATE SET "Version" = "ReviewDataVersions"."Version" + 1
            """, [workspaceId], cancellationToken);

    /// <summary>
    /// Recomputes the workspace's counters from its reviews (after bulk loads, or to repair). Streams the reviews, so it
    /// works on any provider; a million reviews take a few seconds.
    /// </summary>
    public async Task RebuildAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var buckets = new Dictionary<(DateOnly, string, int), ReviewDailyStat>();
        ReviewDailyStat Bucket(DateOnly day, string source, int rating)
        {
            if (!buckets.TryGetValue((day, source, rating), out var stat))
            {
                buckets[(day, source, rating)] = stat = new ReviewDailyStat { WorkspaceId = workspaceId, Day = day, Source = source, Rating = rating };
            }

            return stat;
        }

        var rows = db.Set<Review>().IgnoreQueryFilters().AsNoTracking().Where(r => r.WorkspaceId == workspaceId)
            .Select(r => new { r.StatsDay, r.Source, r.Rating, r.Status, r.IsRead, r.Sentiment, r.ReplyStatsDay })
            .AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            var stat = Bucket(r.StatsDay, r.Source, r.Rating);
            stat.Reviews++;
            stat.Answered += r.Status == ReviewStatuses.Answered ? 1 : 0;
            stat.Unread += r.IsRead ? 0 : 1;
            stat.Positive += r.Sentiment == SentimentResult.Positive ? 1 : 0;
            stat.Neutral += r.Sentiment == SentimentResult.Neutral ? 1 : 0;
            stat.Negative += r.Sentiment == SentimentResult.Negative ? 1 : 0;
            if (r.ReplyStatsDay is { } replyDay)
            {
                Bucket(replyDay, r.Source, r.Rating).Replies++;
            }
        }

        var totals = buckets.Values.GroupBy(b => (b.Source, b.Rating)).Select(g => new ReviewTotal
        {
            WorkspaceId = workspaceId,
            Source = g.Key.Source,
            Rating = g.Key.Rating,
            Reviews = g.Sum(b => b.Reviews),
            Answered = g.Sum(b => b.Answered),
            Unread = g.Sum(b => b.Unread),
            Positive = g.Sum(b => b.Positive),
            Neutral = g.Sum(b => b.Neutral),
            Negative = g.Sum(b => b.Negative),
        }).Where(t => t.Reviews > 0).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<ReviewDailyStat>().IgnoreQueryFilters().Where(s => s.WorkspaceId == workspaceId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ReviewTotal>().IgnoreQueryFilters().Where(s => s.WorkspaceId == workspaceId).ExecuteDeleteAsync(cancellationToken);
        foreach (var chunk in buckets.Values.Chunk(1000))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        db.AddRange(totals);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        await BumpVersionAsync(workspaceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>A review's sentiment: the built-in engine on the text, checked against the rating (text alone misreads "nie polecam").</summary>
public static class ReviewSentiment
{
    public static string Classify(BuiltinLanguageEngine engine, string content, int rating)
    {
        var byRating = rating >= 4 ? SentimentResult.Positive : rating <= 2 ? SentimentResult.Negative : SentimentResult.Neutral;
        if (string.IsNullOrWhiteSpace(content))
        {
            return byRating;
        }

        var byText = engine.AnalyzeFast(content, maxKeywords: 0).Sentiment.Label;
        return (byText, byRating) switch
        {
            (SentimentResult.Neutral, _) => byRating,
            (SentimentResult.Positive, SentimentResult.Negative) or (SentimentResult.Negative, SentimentResult.Positive) => SentimentResult.Neutral,
            _ => byText,
        };
    }
}
