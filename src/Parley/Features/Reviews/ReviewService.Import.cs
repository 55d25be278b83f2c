using Microsoft.EntityFrameworkCore;
using Parley.Platform.Errors;

namespace Parley.Features.Reviews;

public sealed partial class ReviewService
{
    /// <summary>Imports a CSV export (see <see cref="ReviewCsvReader"/>); rows already stored (same source and id or content) are skipped.</summary>
    public async Task<ImportReport> ImportCsvAsync(Stream csv, string? defaultSource, CancellationToken cancellationToken)
    {
        var zone = await ZoneAsync(cancellationToken);
        var parsed = await ReviewCsvReader.ReadAsync(csv, defaultSource, zone, cancellationToken);
        var results = new List<ImportRowResult>(parsed.Count);
        var accepted = new List<(int Row, Review Entity)>();
        var seen = new HashSet<(string, string)>();
        foreach (var row in parsed)
        {
            if (row.Error is not null)
            {
                results.Add(new ImportRowResult(row.Row, "skipped", row.Error, null, row.Review?.ExternalId));
                continue;
            }

            Review entity;
            try
            {
                entity = await BuildAsync(row.Review!, cancellationToken);
            }
            catch (ApiException e)
            {
                var reason = e.Fields is { Count: > 0 } fields ? string.Join(" ", fields.Values.SelectMany(m => m)) : e.Message;
                results.Add(new ImportRowResult(row.Row, "skipped", reason, null, row.Review!.ExternalId));
                continue;
            }

            if (!seen.Add((entity.Source, entity.ExternalId!)))
            {
                results.Add(new ImportRowResult(row.Row, "skipped", "Duplicate of an earlier row in this file.", null, entity.ExternalId));
                continue;
            }

            accepted.Add((row.Row, entity));
        }

        foreach (var batch in accepted.Chunk(500))
        {
            var stored = new HashSet<(string, string)>();
            foreach (var bySource in batch.GroupBy(b => b.Entity.Source))
            {
                var ids = bySource.Select(b => b.Entity.ExternalId!).ToList();
                var existing = await db.Set<Review>().AsNoTracking()
                    .Where(r => r.Source == bySource.Key && ids.Contains(r.ExternalId!)).Select(r => r.ExternalId!).ToListAsync(cancellationToken);
                stored.UnionWith(existing.Select(id => (bySource.Key, id)));
            }

            var fresh = batch.Where(b => !stored.Contains((b.Entity.Source, b.Entity.ExternalId!))).ToList();
            results.AddRange(batch.Where(b => stored.Contains((b.Entity.Source, b.Entity.ExternalId!)))
                .Select(b => new ImportRowResult(b.Row, "skipped", "Already imported (same source and id, or same content).", null, b.Entity.ExternalId)));
            if (fresh.Count > 0)
            {
                await InsertAsync(fresh.Select(f => f.Entity).ToList(), cancellationToken);
                db.ChangeTracker.Clear();
                results.AddRange(fresh.Select(f => new ImportRowResult(f.Row, "imported", null, f.Entity.Id, f.Entity.ExternalId)));
            }
        }

        results.Sort((a, b) => a.Row.CompareTo(b.Row));
        var imported = results.Count(r => r.Status == "imported");
        await notifier.AutoReply.ReviewsStoredAsync(results.Where(r => r.Status == "imported" && r.Id is not null).Select(r => r.Id!).ToList(), AutoReply.EvaluationTriggers.Imported, cancellationToken);
        if (imported > 0)
        {
            await notifier.PublishAsync(ReviewEvents.ReviewsImported, new { count = imported }, cancellationToken);
            await notifier.PublishUnreadCountsAsync(cancellationToken);
        }

        return new ImportReport(imported, results.Count - imported, results);
    }
}
