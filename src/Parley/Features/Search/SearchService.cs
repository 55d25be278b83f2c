using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Knowledge;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Search;

public sealed record SearchQueryParams : IValidatable
{
    public string? Q { get; init; }

    public string? Type { get; init; }

    public string? Lang { get; init; }

    public int? Limit { get; init; }

    public bool? Fuzzy { get; init; }

    public const int MaxLimit = 50;
    public const int MaxQueryLength = 200;

    public IReadOnlyList<string> KindList() => Type is null ? [] : Type.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Validate(Validator v)
    {
        if (v.Required("q", Q))
        {
            v.Length("q", Q, 1, MaxQueryLength);
        }

        if (KindList().Any(k => !KnowledgeKinds.IsKnown(k)))
        {
            v.Add("type", $"type must be one or more (comma-separated) of: {string.Join(", ", KnowledgeKinds.All)}.");
        }

        v.OneOf("lang", Lang, KnowledgeRules.Languages);
        if (Limit is < 1 or > MaxLimit)
        {
            v.Add("limit", $"limit must be between 1 and {MaxLimit}.");
        }
    }
}

public sealed record SuggestQueryParams : IValidatable
{
    public string? Q { get; init; }

    public string? Lang { get; init; }

    public int? Limit { get; init; }

    public void Validate(Validator v)
    {
        if (v.Required("q", Q))
        {
            v.Length("q", Q, 1, SearchQueryParams.MaxQueryLength);
        }

        v.OneOf("lang", Lang, KnowledgeRules.Languages);
        if (Limit is < 1 or > 20)
        {
            v.Add("limit", "limit must be between 1 and 20.");
        }
    }
}

public sealed record SearchResult(string Id, string Type, string Title, string Snippet, double Score, string Language);

public sealed record SearchResponse(string Query, IReadOnlyList<SearchResult> Results);

public sealed record SuggestResponse(string Query, IReadOnlyList<Suggestion> Suggestions);

public sealed record DocumentCounts(int Total, IReadOnlyDictionary<string, int> ByKind, IReadOnlyDictionary<string, int> ByLanguage);

public sealed record IndexInfo(long Version, int Documents, DateTime BuiltAt, double BuildMs, bool UpToDate);

public sealed record ReindexProgress(int Done, int Total);

public sealed record ReindexState(string Status, DateTime? RequestedAt, DateTime? StartedAt, DateTime? FinishedAt, int Documents, ReindexProgress? Progress, string? Error);

public sealed record SearchStats(long Version, DateTime? ChangedAt, DocumentCounts Documents, IndexInfo? Index, QueryStats Queries, ReindexState Reindex, string Engine);

/// <summary>Public search and suggestions by workspace, and the workspace's own stats and reindex.</summary>
public sealed class SearchService(
    ParleyDb db, IWorkspaceContext current, KnowledgeIndexRegistry registry, SearchQueryLog log, ReindexQueue reindex, TimeProvider clock)
{
    public const string EngineName = "lucene.net 4.8";

    public async Task<SearchResponse> SearchAsync(string workspaceId, SearchQueryParams query, CancellationToken cancellationToken)
    {
        var built = await registry.GetAsync(workspaceId, cancellationToken);
        var response = Search(built.Index, query);
        log.Searched(workspaceId, query.Q!, response.Results.Count);
        return response;
    }

    /// <summary>The search itself, as the public endpoint runs it on a workspace's index (the benchmark runs this too).</summary>
    public static SearchResponse Search(SearchIndex index, SearchQueryParams query)
    {
        var kinds = query.KindList();
        var hits = index.Search(new SearchRequest(query.Q!, query.Lang, kinds.Count > 0 ? kinds : null, query.Limit ?? 10, query.Fuzzy ?? true));
        var results = new SearchResult[hits.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var h = hits[i];
            results[i] = new SearchResult(h.Document.Id, h.Document.Kind, h.Document.Title, h.Snippet, Math.Round(h.Score, 4), h.Document.Language);
        }

        return new SearchResponse(query.Q!, results);
    }

    public async Task<SuggestResponse> SuggestAsync(string workspaceId, SuggestQueryParams query, CancellationToken cancellationToken)
    {
        var built = await registry.GetAsync(workspaceId, cancellationToken);
        log.Suggested(workspaceId);
        return new SuggestResponse(query.Q!, built.Index.Suggestions.Suggest(query.Q!, query.Lang, query.Limit ?? 8));
    }

    public async Task<SearchStats> StatsAsync(CancellationToken cancellationToken)
    {
        var workspaceId = current.WorkspaceId!;
        var state = await db.Set<KnowledgeBaseState>().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var rows = await db.Set<KnowledgeEntry>().AsNoTracking().Where(e => !e.Draft).GroupBy(e => new { e.Kind, e.Language })
            .Select(g => new { g.Key.Kind, g.Key.Language, Count = g.Count() }).ToListAsync(cancellationToken);
        var documents = new DocumentCounts(rows.Sum(r => r.Count),
            KnowledgeKinds.All.ToDictionary(k => k, k => rows.Where(r => r.Kind == k).Sum(r => r.Count), StringComparer.Ordinal),
            KnowledgeRules.Languages.ToDictionary(l => l, l => rows.Where(r => r.Language == l).Sum(r => r.Count), StringComparer.Ordinal));
        var built = registry.Peek(workspaceId);
        var version = state?.Version ?? 0;
        var index = built is null ? null
            : new IndexInfo(built.Version, built.Index.Documents.Count, built.BuiltAt, Math.Round(built.Index.BuildTime.TotalMilliseconds, 2), built.Version >= version);
        return new SearchStats(version, state?.ChangedAt, documents, index, log.Stats(workspaceId), Reindex(state), EngineName);
    }

    public async Task<ReindexState> ReindexStatusAsync(CancellationToken cancellationToken) =>
        Reindex(await db.Set<KnowledgeBaseState>().AsNoTracking().FirstOrDefaultAsync(cancellationToken));

    /// <summary>Queues a rebuild unless one is already queued or running; returns the state either way.</summary>
    public async Task<ReindexState> RequestReindexAsync(CancellationToken cancellationToken)
    {
        var workspaceId = current.WorkspaceId!;
        var now = clock.GetUtcNow().UtcDateTime;
        var state = await db.Set<KnowledgeBaseState>().FirstOrDefaultAsync(cancellationToken);
        if (state is null)
        {
            state = new KnowledgeBaseState { WorkspaceId = workspaceId, ChangedAt = now };
            db.Add(state);
        }

        var busy = state.ReindexStatus is ReindexStatuses.Queued or ReindexStatuses.Running
                   && state.ReindexRequestedAt > now.AddMinutes(-10);
        if (!busy)
        {
            state.ReindexStatus = ReindexStatuses.Queued;
            state.ReindexRequestedAt = now;
            state.ReindexStartedAt = null;
            state.ReindexFinishedAt = null;
            state.ReindexError = null;
            await db.SaveChangesAsync(cancellationToken);
            reindex.Enqueue(workspaceId);
        }

        return Reindex(state);
    }

    private ReindexState Reindex(KnowledgeBaseState? state)
    {
        if (state?.ReindexStatus is null)
        {
            return new ReindexState("never", null, null, null, 0, null, null);
        }

        var progress = reindex.Progress.TryGetValue(state.WorkspaceId, out var p) ? new ReindexProgress(p.Done, p.Total)
            : state.ReindexStatus == ReindexStatuses.Completed ? new ReindexProgress(state.ReindexDocuments, state.ReindexDocuments) : null;
        return new ReindexState(state.ReindexStatus, state.ReindexRequestedAt, state.ReindexStartedAt, state.ReindexFinishedAt, state.ReindexDocuments,
            progress, state.ReindexError);
    }
}
