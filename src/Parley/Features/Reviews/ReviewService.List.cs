using Microsoft.EntityFrameworkCore;
using Parley.Platform;

namespace Parley.Features.Reviews;

public sealed partial class ReviewService
{
    public async Task<(IReadOnlyList<ReviewView> Items, int Total)> ListAsync(ReviewQuery query, Page page, CancellationToken cancellationToken)
    {
        var reviews = db.Set<Review>().AsNoTracking();
        if (Filter(query.Status) is { } status)
        {
            reviews = reviews.Where(r => r.Status == status);
        }

        if (Filter(query.Source) is { } source)
        {
            reviews = reviews.Where(r => r.Source == source);
        }

        if (query.Rating is { } rating)
        {
            reviews = reviews.Where(r => r.Rating == rating);
        }

        if (query.Read is { } read)
        {
            // Compared with a parameter, not negated: "IsRead" = @read can use the index, NOT "IsRead" cannot.
            reviews = reviews.Where(r => r.IsRead == read);
        }

        if (query.From is { } from)
        {
            reviews = reviews.Where(r => r.Date >= from);
        }

        if (query.To is { } to)
        {
            reviews = reviews.Where(r => r.Date <= to);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = "%" + query.Q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            reviews = db.Database.IsNpgsql()
                ? reviews.Where(r => EF.Functions.ILike(r.Content, pattern, "\\") || EF.Functions.ILike(r.AuthorName, pattern, "\\"))
                : reviews.Where(r => EF.Functions.Like(r.Content, pattern, "\\") || EF.Functions.Like(r.AuthorName, pattern, "\\"));
        }

        // One round trip: the page's ids are chosen in a subquery — for the contract's status/source filters and sorts from the
        // index alone, so skipping `offset` entries costs no table reads — and only those rows are read, each by key.
        // The outer query has no ORDER BY of its own: given one, SQLite walks the whole workspace in that order testing each
        // row against the ids. The page (at most `limit` rows) is sorted here instead, by the same keys; ids are fixed-length
        // lowercase hex, so ordinal order is the database's order for the tie-break.
        var pageIds = Sort(reviews, query.Sort).Select(r => r.Id).Apply(page);
        var rows = await db.Set<Review>().AsNoTracking().Where(r => pageIds.Contains(r.Id)).ToListAsync(cancellationToken);
        var items = Sort(rows, query.Sort).Select(ToView).ToList();
        var total = await CountFromCountersAsync(query, cancellationToken) ?? await reviews.CountAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>The list's total from the totals when the filters are ones they keep (status, source, rating, read); else null.</summary>
    private async Task<int?> CountFromCountersAsync(ReviewQuery query, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(query.Q) || query.From is not null || query.To is not null ||
            (query.Read is not null && Filter(query.Status) is not null))
        {
            return null;
        }

        var stats = db.Set<ReviewTotal>().AsNoTracking();
        if (Filter(query.Source) is { } source)
        {
            stats = stats.Where(s => s.Source == source);
        }

        if (query.Rating is { } rating)
        {
            stats = stats.Where(s => s.Rating == rating);
        }

        return (query.Read, Filter(query.Status)) switch
        {
            (false, _) => await stats.SumAsync(s => s.Unread, cancellationToken),
            (true, _) => await stats.SumAsync(s => s.Reviews - s.Unread, cancellationToken),
            (_, ReviewStatuses.Answered) => await stats.SumAsync(s => s.Answered, cancellationToken),
            (_, ReviewStatuses.Unanswered) => await stats.SumAsync(s => s.Reviews - s.Answered, cancellationToken),
            _ => await stats.SumAsync(s => s.Reviews, cancellationToken),
        };
    }

    private static IOrderedQueryable<Review> Sort(IQueryable<Review> reviews, string? sort) => (sort ?? ReviewSorts.Newest) switch
    {
        ReviewSorts.Oldest => reviews.OrderBy(r => r.Date).ThenBy(r => r.Id),
        ReviewSorts.Lowest => reviews.OrderBy(r => r.Rating).ThenByDescending(r => r.Date).ThenByDescending(r => r.Id),
        _ => reviews.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id),
    };

    private static IOrderedEnumerable<Review> Sort(IEnumerable<Review> reviews, string? sort) => (sort ?? ReviewSorts.Newest) switch
    {
        ReviewSorts.Oldest => reviews.OrderBy(r => r.Date).ThenBy(r => r.Id, StringComparer.Ordinal),
        ReviewSorts.Lowest => reviews.OrderBy(r => r.Rating).ThenByDescending(r => r.Date).ThenByDescending(r => r.Id, StringComparer.Ordinal),
        _ => reviews.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id, StringComparer.Ordinal),
    };

    private static string? Filter(string? value) => string.IsNullOrEmpty(value) || value == "all" ? null : value;
}
