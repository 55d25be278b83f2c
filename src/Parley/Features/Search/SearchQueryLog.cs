using System.Collections.Concurrent;

namespace Parley.Features.Search;

public sealed record QueryCount(string Query, int Count);

public sealed record QueryStats(long Total, long ZeroResults, long Suggestions, DateTime Since, DateTime? LastQueryAt, IReadOnlyList<QueryCount> Top);

/// <summary>
/// Counts this instance's public searches per workspace since it started (kept in memory: counting must not cost a database write
/// per keystroke). At most <see cref="MaxDistinct"/> distinct queries are remembered per workspace.
/// </summary>
public sealed class SearchQueryLog(TimeProvider clock)
{
    public const int MaxDistinct = 1000;
    private readonly DateTime _since = clock.GetUtcNow().UtcDateTime;
    private readonly ConcurrentDictionary<string, Counters> _workspaces = new(StringComparer.Ordinal);

    private sealed class Counters
    {
        public long Total;
        public long Zero;
        public long Suggestions;
        public long LastTicks;
        public readonly ConcurrentDictionary<string, int> Queries = new(StringComparer.Ordinal);
    }

    public void Searched(string workspaceId, string query, int results)
    {
        var counters = _workspaces.GetOrAdd(workspaceId, _ => new Counters());
        Interlocked.Increment(ref counters.Total);
        if (results == 0)
        {
            Interlocked.Increment(ref counters.Zero);
        }

        Interlocked.Exchange(ref counters.LastTicks, clock.GetUtcNow().UtcTicks);
        var key = query.Trim().ToLowerInvariant();
        if (key.Length is > 0 and <= 100 && (counters.Queries.Count < MaxDistinct || counters.Queries.ContainsKey(key)))
        {
            counters.Queries.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
    }

    public void Suggested(string workspaceId) => Interlocked.Increment(ref _workspaces.GetOrAdd(workspaceId, _ => new Counters()).Suggestions);

    public QueryStats Stats(string workspaceId, int top = 10)
    {
        if (!_workspaces.TryGetValue(workspaceId, out var c))
        {
            return new QueryStats(0, 0, 0, _since, null, []);
        }

        var last = Interlocked.Read(ref c.LastTicks);
        return new QueryStats(c.Total, c.Zero, c.Suggestions, _since, last == 0 ? null : new DateTime(last, DateTimeKind.Utc),
            c.Queries.OrderByDescending(q => q.Value).ThenBy(q => q.Key, StringComparer.Ordinal).Take(top).Select(q => new QueryCount(q.Key, q.Value)).ToList());
    }
}
