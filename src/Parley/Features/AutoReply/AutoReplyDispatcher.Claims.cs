using Microsoft.EntityFrameworkCore;
using Parley.Data;

namespace Parley.Features.AutoReply;

/// <summary>Claims and leases: taking due entries under a token, and re-claiming entries whose lease expired.</summary>
public sealed partial class AutoReplyDispatcher
{
    /// <summary>The conditional update of an entry this dispatcher still holds: the token matches and the row is still <c>sending</c>.</summary>
    private static IQueryable<AutoReplyEntry> Mine(ParleyDb db, AutoReplyEntry entry, string token) =>
        db.Set<AutoReplyEntry>().IgnoreQueryFilters().Where(e => e.Id == entry.Id && e.ClaimToken == token && e.State == EntryStates.Sending);

    /// <summary>Moves due entries of enabled workspaces to <c>sending</c> under <paramref name="token"/>; returns the ones this call won.</summary>
    private async Task<IReadOnlyList<AutoReplyEntry>> ClaimBatchAsync(string token, string? onlyId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var lease = now.AddSeconds(options.Value.LeaseSeconds);
        var size = onlyId is null ? options.Value.BatchSize : 1;
        if (db.Database.IsPostgres())
        {
            // One statement: rows locked by another dispatcher's claim are skipped instead of waited for.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "AutoReplyEntries" SET "State" = 'sending', "ClaimToken" = {token}, "LeaseUntil" = {lease},
                    "SendingStartedAt" = {now}, "Attempts" = "Attempts" + 1, "UpdatedAt" = {now}
                WHERE "Id" IN (
                    SELECT e."Id" FROM "AutoReplyEntries" e
                    WHERE e."State" = 'scheduled' AND e."DueAt" <= {now} AND ({onlyId}::text IS NULL OR e."Id" = {onlyId})
                      AND EXISTS (SELECT 1 FROM "AutoReplySettings" s WHERE s."WorkspaceId" = e."WorkspaceId" AND s."Enabled")
                    ORDER BY e."DueAt" LIMIT {size}
                    FOR UPDATE OF e SKIP LOCKED)
                """, cancellationToken);
        }
        else
        {
            var entries = db.Set<AutoReplyEntry>().IgnoreQueryFilters();
            var settings = db.Set<AutoReplySettings>().IgnoreQueryFilters();
            // Another dispatcher may win every candidate between the read and the update: then read again.
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var candidates = await entries
                    .Where(e => e.State == EntryStates.Scheduled && e.DueAt <= now && (onlyId == null || e.Id == onlyId) &&
                                settings.Any(s => s.WorkspaceId == e.WorkspaceId && s.Enabled))
                    .OrderBy(e => e.DueAt).Select(e => e.Id).Take(size).ToListAsync(cancellationToken);
                if (candidates.Count == 0)
                {
                    return [];
                }

                // The state check makes the claim conditional: a row another dispatcher took in between is not taken again.
                var won = await entries.Where(e => candidates.Contains(e.Id) && e.State == EntryStates.Scheduled && e.DueAt <= now)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Sending)
                        .SetProperty(e => e.ClaimToken, token)
                        .SetProperty(e => e.LeaseUntil, lease)
                        .SetProperty(e => e.SendingStartedAt, now)
                        .SetProperty(e => e.Attempts, e => e.Attempts + 1)
                        .SetProperty(e => e.UpdatedAt, now), cancellationToken);
                if (won > 0)
                {
                    break;
                }
            }
        }

        return await db.Set<AutoReplyEntry>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.ClaimToken == token && e.State == EntryStates.Sending).ToListAsync(cancellationToken);
    }

    /// <summary>Entries still <c>sending</c> after their lease: re-claimed one by one under a new token and completed by inspection.</summary>
    private async Task<DispatchReport> RecoverExpiredAsync(CancellationToken cancellationToken)
    {
        List<string> expired;
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var scope = scopes.CreateAsyncScope())
        {
            expired = await scope.ServiceProvider.GetRequiredService<ParleyDb>().Set<AutoReplyEntry>().IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.State == EntryStates.Sending && e.LeaseUntil < now)
                .OrderBy(e => e.LeaseUntil).Take(options.Value.BatchSize)
                .Select(e => e.Id).ToListAsync(cancellationToken);
        }

        var report = DispatchReport.Empty;
        foreach (var id in expired)
        {
            var token = Platform.Ids.New();
            await using var scope = scopes.CreateAsyncScope();
            var entries = scope.ServiceProvider.GetRequiredService<ParleyDb>().Set<AutoReplyEntry>().IgnoreQueryFilters();
            var reclaimed = await entries.Where(e => e.Id == id && e.State == EntryStates.Sending && e.LeaseUntil < now)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimToken, token).SetProperty(e => e.LeaseUntil, now.AddSeconds(options.Value.LeaseSeconds)),
                    cancellationToken);
            if (reclaimed == 1)
            {
                LogRecovering(logger, id);
                var entry = await entries.AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
                report = report.Add(await DeliverAllAsync([entry], token, recovering: true, cancellationToken));
            }
        }

        return report;
    }
}
