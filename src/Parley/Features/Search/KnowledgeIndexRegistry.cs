using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Knowledge;

namespace Parley.Features.Search;

/// <summary>A workspace's index as this instance holds it, and the knowledge-base version it was built from.</summary>
public sealed record BuiltIndex(SearchIndex Index, long Version, DateTime BuiltAt);

/// <summary>
/// Each instance keeps one in-memory Lucene index per workspace that is being searched. Before every use the index's version is
/// compared with the knowledge base's (see <see cref="KnowledgeVersions"/>); an older index is rebuilt from the database, which
/// stays the only source of truth. One rebuild per workspace at a time; idle indexes are dropped.
/// </summary>
public sealed class KnowledgeIndexRegistry(IServiceScopeFactory scopes, KnowledgeVersions versions, IOptions<KnowledgeOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    private sealed class Slot
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public volatile BuiltIndex? Current;
        public long LastUsed = Stopwatch.GetTimestamp();
    }

    public async Task<BuiltIndex> GetAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var version = await versions.CurrentAsync(workspaceId, cancellationToken);
        var slot = _slots.GetOrAdd(workspaceId, _ => new Slot());
        Interlocked.Exchange(ref slot.LastUsed, Stopwatch.GetTimestamp());
        if (slot.Current is { } current && current.Version >= version)
        {
            return current;
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            if (slot.Current is { } built && built.Version >= version)
            {
                return built;
            }

            // A replaced index is left to the garbage collector: searches that started on it finish on it.
            var fresh = await BuildAsync(workspaceId, null, cancellationToken);
            slot.Current = fresh;
            return fresh;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>
    /// Builds from the database: the version is read first, so an index is never labelled newer than its content. Drafts are left
    /// out, so neither search nor the chatbot's answers use them.
    /// </summary>
    public async Task<BuiltIndex> BuildAsync(string workspaceId, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var version = await db.Set<KnowledgeBaseState>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.WorkspaceId == workspaceId).Select(s => s.Version).FirstOrDefaultAsync(cancellationToken);
        var rows = await db.Set<KnowledgeEntry>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId && !e.Draft).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var documents = rows.Select(r => ToDocument(KnowledgeService.ToItem(r))).ToList();
        progress?.Invoke(0, documents.Count);
        var index = SearchIndex.Build(documents, done => progress?.Invoke(done, documents.Count));
        versions.Observe(workspaceId, version);
        return new BuiltIndex(index, version, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Installs an index built elsewhere (the reindex worker) unless a newer one is already there.</summary>
    public void Install(string workspaceId, BuiltIndex built)
    {
        var slot = _slots.GetOrAdd(workspaceId, _ => new Slot());
        if (slot.Current is null || slot.Current.Version <= built.Version)
        {
            slot.Current = built;
        }
    }

    public BuiltIndex? Peek(string workspaceId) => _slots.TryGetValue(workspaceId, out var slot) ? slot.Current : null;

    public int Count => _slots.Count;

    /// <summary>Drops indexes nobody searched for <see cref="KnowledgeOptions.IndexIdleMinutes"/>.</summary>
    public int EvictIdle()
    {
        var idle = TimeSpan.FromMinutes(options.Value.IndexIdleMinutes);
        var evicted = 0;
        foreach (var (workspaceId, slot) in _slots)
        {
            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref slot.LastUsed)) > idle && _slots.TryRemove(workspaceId, out _))
            {
                evicted++;
            }
        }

        return evicted;
    }

    public static SearchDocument ToDocument(KnowledgeItem item)
    {
        var text = item.Text();
        var phrasings = text.Phrasings.Concat(text.Tags).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new SearchDocument(item.Id!, item.Kind, item.Language!, text.Title, phrasings, text.Body, item);
    }
}

/// <summary>Drops idle indexes once a minute.</summary>
internal sealed class KnowledgeIndexJanitor(KnowledgeIndexRegistry registry) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            registry.EvictIdle();
        }
    }
}
