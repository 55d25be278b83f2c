using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Platform;
using Parley.Platform.Errors;
using Parley.Platform.Json;
using Parley.Platform.Tenancy;

namespace Parley.Features.Knowledge;

/// <summary>Reads and changes the caller's workspace's knowledge base; every change raises its version in the same transaction.</summary>
public sealed class KnowledgeService(
    ParleyDb db, IWorkspaceContext current, KnowledgeVersions versions, IKnowledgeChangeBus bus, HybridCache cache,
    IOptions<KnowledgeOptions> options, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    public async Task<(IReadOnlyList<KnowledgeItem> Items, int Total)> ListAsync(string kind, string? language, string? search, Page page,
        CancellationToken cancellationToken)
    {
        var query = db.Set<KnowledgeEntry>().AsNoTracking().Where(e => e.Kind == kind);
        if (language is not null)
        {
            query = query.Where(e => e.Language == language);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim().ToLowerInvariant()}%";
            query = query.Where(e => EF.Functions.Like(e.Title.ToLower(), pattern));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(e => e.Language).ThenBy(e => e.CreatedAt).ThenBy(e => e.Id).Apply(page).ToListAsync(cancellationToken);
        return (rows.Select(ToItem).ToList(), total);
    }

    public async Task<KnowledgeItem?> GetAsync(string kind, string id, CancellationToken cancellationToken)
    {
        var row = await db.Set<KnowledgeEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Kind == kind && e.Id == id, cancellationToken);
        return row is null ? null : ToItem(row);
    }

    public async Task<KnowledgeItem> CreateAsync(KnowledgeItem item, CancellationToken cancellationToken)
    {
        item = item.Normalize() with { Id = item.Id ?? Ids.New() };
        if (await db.Set<KnowledgeEntry>().AnyAsync(e => e.Id == item.Id, cancellationToken))
        {
            throw new ApiException(409, "KNOWLEDGE_ID_TAKEN", $"An entry with id '{item.Id}' already exists in this knowledge base.");
        }

        await EnsureRoomAsync(1, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(ToEntry(item, now, now));
        await CommitAsync(cancellationToken);
        return item;
    }

    public async Task<KnowledgeItem?> UpdateAsync(string kind, string id, KnowledgeItem item, CancellationToken cancellationToken)
    {
        var row = await db.Set<KnowledgeEntry>().FirstOrDefaultAsync(e => e.Kind == kind && e.Id == id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        item = item.Normalize() with { Id = id };
        var updated = ToEntry(item, row.CreatedAt, clock.GetUtcNow().UtcDateTime);
        row.Language = updated.Language;
        row.Title = updated.Title;
        row.Data = updated.Data;
        row.Draft = updated.Draft;
        row.UpdatedAt = updated.UpdatedAt;
        await CommitAsync(cancellationToken);
        return item;
    }

    public async Task<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Set<KnowledgeEntry>().Where(e => e.Kind == kind && e.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return false;
        }

        var version = await BumpAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await AnnounceAsync(version, cancellationToken);
        return true;
    }

    public async Task<KnowledgeDocument> ExportAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Set<KnowledgeEntry>().AsNoTracking().OrderBy(e => e.Kind).ThenBy(e => e.Language).ThenBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        return KnowledgeDocument.From(rows.Select(ToItem).ToList(), clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// <c>replace</c>: the knowledge base becomes exactly the document. <c>merge</c>: entries whose id exists are replaced, the rest added,
    /// nothing deleted. All or nothing.
    /// </summary>
    public async Task<ImportReport> ImportAsync(KnowledgeDocument document, string mode, CancellationToken cancellationToken)
    {
        var items = document.Items().Select(i => i.Normalize() with { Id = i.Id ?? Ids.New() }).ToList();
        var existing = await db.Set<KnowledgeEntry>().ToDictionaryAsync(e => e.Id, StringComparer.Ordinal, cancellationToken);
        var incomingIds = items.Select(i => i.Id!).ToHashSet(StringComparer.Ordinal);
        var kinds = KnowledgeKinds.All.ToDictionary(k => k, _ => new KindCounts(), StringComparer.Ordinal);
        var after = mode == ImportModes.Replace ? items.Count : existing.Keys.Count(id => !incomingIds.Contains(id)) + items.Count;
        if (after > options.Value.MaxEntriesPerWorkspace)
        {
            throw new ApiException(400, ErrorCodes.Validation,
                $"The knowledge base would hold {after} entries; the limit is {options.Value.MaxEntriesPerWorkspace}.",
                new Dictionary<string, string[]> { ["entries"] = [$"at most {options.Value.MaxEntriesPerWorkspace} entries per workspace."] });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (mode == ImportModes.Replace)
        {
            foreach (var row in existing.Values.Where(r => !incomingIds.Contains(r.Id)))
            {
                db.Remove(row);
                kinds[row.Kind].Deleted++;
            }
        }

        var order = 0;
        foreach (var item in items)
        {
            if (existing.TryGetValue(item.Id!, out var row))
            {
                var updated = ToEntry(item, row.CreatedAt, now);
                if (row.Kind != item.Kind)
                {
                    // The same id as an entry of another kind: the document's entry takes its place.
                    kinds[row.Kind].Deleted++;
                    kinds[item.Kind].Created++;
                    row.Kind = item.Kind;
                    row.Language = updated.Language;
                    row.Title = updated.Title;
                    row.Data = updated.Data;
                    row.Draft = updated.Draft;
                    row.UpdatedAt = now;
                }
                else if (row.Data != updated.Data || row.Language != updated.Language || row.Draft != updated.Draft)
                {
                    row.Language = updated.Language;
                    row.Title = updated.Title;
                    row.Data = updated.Data;
                    row.Draft = updated.Draft;
                    row.UpdatedAt = now;
                    kinds[item.Kind].Updated++;
                }
                else
                {
                    kinds[item.Kind].Unchanged++;
                }
            }
            else
            {
                // Document order is kept: each new entry is a microsecond later than the one before.
                db.Add(ToEntry(item, now.AddTicks(order * 10L), now));
                kinds[item.Kind].Created++;
            }

            order++;
        }

        await CommitAsync(cancellationToken);
        return new ImportReport(mode, kinds.Values.Sum(k => k.Created), kinds.Values.Sum(k => k.Updated), kinds.Values.Sum(k => k.Unchanged),
            kinds.Values.Sum(k => k.Deleted), after, kinds.Where(k => k.Value.Any).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal));
    }

    /// <summary>Raises the version without a content change, so every instance rebuilds its index (used by reindex).</summary>
    public async Task<long> TouchAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var version = await BumpAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await AnnounceAsync(version, cancellationToken);
        return version;
    }

    public static KnowledgeItem ToItem(KnowledgeEntry row)
    {
        var item = (KnowledgeItem?)JsonSerializer.Deserialize(row.Data, KnowledgeKinds.ItemType(row.Kind), Json)
            ?? throw new InvalidOperationException($"Knowledge entry {row.Id} holds no data.");
        return item with { Id = row.Id, Language = row.Language, Draft = row.Draft };
    }

    public static string CacheTag(string workspaceId) => "knowledge:" + workspaceId;

    private KnowledgeEntry ToEntry(KnowledgeItem item, DateTime createdAt, DateTime updatedAt)
    {
        var title = item.Text().Title;
        return new KnowledgeEntry
        {
            WorkspaceId = current.WorkspaceId!,
            Id = item.Id!,
            Kind = item.Kind,
            Language = item.Language!,
            Title = title.Length > KnowledgeRules.ShortMax ? title[..KnowledgeRules.ShortMax] : title,
            Data = JsonSerializer.Serialize(item, item.GetType(), Json),
            Draft = item.Draft,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
        };
    }

    private async Task EnsureRoomAsync(int adding, CancellationToken cancellationToken)
    {
        var count = await db.Set<KnowledgeEntry>().CountAsync(cancellationToken);
        if (count + adding > options.Value.MaxEntriesPerWorkspace)
        {
            throw new ApiException(409, "KNOWLEDGE_BASE_FULL", $"The knowledge base already holds {count} entries; the limit is {options.Value.MaxEntriesPerWorkspace}.");
        }
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var version = await BumpAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await AnnounceAsync(version, cancellationToken);
    }

    private async Task<long> BumpAsync(CancellationToken cancellationToken)
    {
        var workspaceId = current.WorkspaceId!;
        var now = clock.GetUtcNow().UtcDateTime;
        var states = db.Set<KnowledgeBaseState>().Where(s => s.WorkspaceId == workspaceId);
        if (await states.ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1).SetProperty(x => x.ChangedAt, now), cancellationToken) == 0)
        {
            db.Add(new KnowledgeBaseState { WorkspaceId = workspaceId, Version = 1, ChangedAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }

        return await states.Select(s => s.Version).FirstAsync(cancellationToken);
    }

    private async Task AnnounceAsync(long version, CancellationToken cancellationToken)
    {
        var workspaceId = current.WorkspaceId!;
        versions.Observe(workspaceId, version);
        await cache.RemoveByTagAsync(CacheTag(workspaceId), cancellationToken);
        await bus.PublishAsync(workspaceId, version, cancellationToken);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions();
        JsonSetup.Configure(json);
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }
}

public static class ImportModes
{
    public const string Merge = "merge";
    public const string Replace = "replace";
    public static readonly IReadOnlyList<string> All = [Merge, Replace];
}

public sealed class KindCounts
{
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Deleted { get; set; }

    internal bool Any => Created + Updated + Unchanged + Deleted > 0;
}

public sealed record ImportReport(string Mode, int Created, int Updated, int Unchanged, int Deleted, int Total, IReadOnlyDictionary<string, KindCounts> ByKind);
