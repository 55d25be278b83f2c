using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Platform.Tenancy;

namespace Parley.Features.AutoReply;

/// <summary>What one dispatcher pass did.</summary>
public sealed record DispatchReport(int Claimed, int Sent, int Retried, int Failed, int Cancelled, int Postponed, int Recovered)
{
    public static readonly DispatchReport Empty = new(0, 0, 0, 0, 0, 0, 0);

    public DispatchReport Add(DispatchReport o) =>
        new(Claimed + o.Claimed, Sent + o.Sent, Retried + o.Retried, Failed + o.Failed, Cancelled + o.Cancelled, Postponed + o.Postponed, Recovered + o.Recovered);
}

/// <summary>
/// Sends due auto-replies exactly once. A pass first recovers entries whose claim expired (an instance died mid-send), then
/// claims due entries with a conditional update — <c>scheduled → sending</c> with a fresh claim token and a lease (on
/// PostgreSQL a batch with <c>FOR UPDATE SKIP LOCKED</c>) — and delivers each in its own workspace scope. Only the holder of
/// the token records the outcome. Delivery inspects the item's stored reply first, so a recovered entry is completed, not
/// resent; when the platform call itself was interrupted and the connector cannot confirm it, the entry fails with a message
/// that delivery is uncertain — never a second send. Several dispatchers (threads or instances) may run side by side.
/// </summary>
public sealed partial class AutoReplyDispatcher(
    IServiceScopeFactory scopes,
    IOptions<AutoReplyOptions> options,
    IOptions<DatabaseOptions> database,
    TimeProvider clock,
    ILogger<AutoReplyDispatcher> logger)
{
    /// <summary>
    /// Deliveries side by side. SQLite has one writer at a time and its client sleeps when it finds the database busy, so
    /// there one at a time is fastest; PostgreSQL takes several.
    /// </summary>
    private int Parallelism => options.Value.Parallelism ?? (database.Value.IsPostgres ? 4 : 1);

    private const int MaxBatchesPerPass = 1000;

    private enum Handled
    {
        Sent,
        Retried,
        Failed,
        Cancelled,
        Postponed,
        Lost,
    }

    /// <summary>One pass: recover expired claims, then claim and deliver due entries until none are left (or the pass is long enough).</summary>
    public async Task<DispatchReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var report = await RecoverExpiredAsync(cancellationToken);
        for (var batch = 0; batch < MaxBatchesPerPass && !cancellationToken.IsCancellationRequested; batch++)
        {
            var token = Platform.Ids.New();
            var claimed = await ClaimBatchAsync(token, null, cancellationToken);
            if (claimed.Count == 0)
            {
                break;
            }

            report = report.Add(await DeliverAllAsync(claimed, token, recovering: false, cancellationToken));
        }

        return report;
    }

    /// <summary>Delivers one entry now if it is due (after an approval or a retry); another dispatcher may already hold it.</summary>
    public async Task<DispatchReport> DispatchOneAsync(string entryId, CancellationToken cancellationToken)
    {
        var token = Platform.Ids.New();
        var claimed = await ClaimBatchAsync(token, entryId, cancellationToken);
        return claimed.Count == 0 ? DispatchReport.Empty : await DeliverAllAsync(claimed, token, recovering: false, cancellationToken);
    }

    private async Task<DispatchReport> DeliverAllAsync(IReadOnlyList<AutoReplyEntry> claimed, string token, bool recovering, CancellationToken cancellationToken)
    {
        var results = new Handled[claimed.Count];
        // Settings and time zone per workspace, read once for the batch.
        var workspaces = new ConcurrentDictionary<string, (AutoReplySettings Settings, TimeZoneInfo Zone)>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = CancellationToken.None },
            async (i, _) => results[i] = await DeliverClaimedAsync(claimed[i], token, recovering, workspaces, cancellationToken));
        return new DispatchReport(
            recovering ? 0 : claimed.Count,
            results.Count(r => r == Handled.Sent),
            results.Count(r => r == Handled.Retried),
            results.Count(r => r == Handled.Failed),
            results.Count(r => r == Handled.Cancelled),
            results.Count(r => r == Handled.Postponed),
            recovering ? claimed.Count : 0);
    }

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

    private async Task<Handled> DeliverClaimedAsync(AutoReplyEntry entry, string token, bool recovering,
        ConcurrentDictionary<string, (AutoReplySettings Settings, TimeZoneInfo Zone)> workspaces, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<WorkspaceContext>().SetSystem(entry.WorkspaceId);
        var db = services.GetRequiredService<ParleyDb>();
        if (!workspaces.TryGetValue(entry.WorkspaceId, out var workspace))
        {
            var engine = services.GetRequiredService<AutoReplyEngine>();
            workspaces[entry.WorkspaceId] = workspace = (await engine.SettingsAsync(cancellationToken), await engine.ZoneAsync(cancellationToken));
        }

        var (settings, zone) = workspace;
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new OutcomeRecorder(db, services.GetRequiredService<AutoReplyNotifier>(), entry, token, now);

        if (!recovering)
        {
            // A window or weekday the dispatcher reached late (it was down, or the entry waited for approval): wait for the next slot.
            var schedule = ScheduleSpec.FromStorage(entry.Schedule);
            var allowed = ScheduleCalculator.NextAllowed(schedule, now, zone);
            if (allowed > now)
            {
                return await record.PostponeAsync(allowed, $"Outside the rule's schedule; waits until {AutoReplyEvaluator.Local(allowed, zone)} ({zone.Id}).", cancellationToken);
            }

            if (settings.CooldownDays > 0 && await CooldownBreachAsync(db, entry, settings.CooldownDays, now, cancellationToken) is { } other)
            {
                return await record.CancelAsync($"Another auto-reply ({other}) reached the same customer within the {settings.CooldownDays}-day cooldown.", cancellationToken);
            }

            // The slot and the entry's note of it are written together (one commit).
            var day = ScheduleCalculator.LocalDay(now, zone);
            bool taken;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                taken = await DailySlots.TryTakeAsync(db, entry.WorkspaceId, day, settings.DailyLimit, cancellationToken);
                if (taken && !await record.SetSlotAsync(day, cancellationToken))
                {
                    return Handled.Lost; // the claim was lost meanwhile: the slot is rolled back with the transaction
                }

                await transaction.CommitAsync(cancellationToken);
            }

            if (!taken)
            {
                var next = ScheduleCalculator.NextDay(schedule, now, zone);
                return await record.PostponeAsync(next,
                    $"The daily limit of {settings.DailyLimit} auto-replies was reached for {day:yyyy-MM-dd}; waits until {AutoReplyEvaluator.Local(next, zone)} ({zone.Id}).",
                    cancellationToken);
            }

            entry.SlotDay = day;
        }

        DeliveryOutcome outcome;
        try
        {
            outcome = await services.GetRequiredService<AutoReplyItems>().DeliverAsync(entry, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unknown failure: the next attempt starts by inspecting the item, so whatever reached the platform is not sent again.
            LogDeliveryError(logger, e, entry.Id);
            outcome = DeliveryOutcome.Retry($"Unexpected error while delivering ({e.GetType().Name}).");
        }

        var handled = outcome.Status switch
        {
            DeliveryStatus.Delivered => await record.SentAsync(outcome.Kind!, outcome.Detail, cancellationToken),
            DeliveryStatus.Cancelled => await record.CancelAsync(outcome.Detail!, cancellationToken),
            DeliveryStatus.Failed => await record.FailAsync(outcome.Detail!, cancellationToken),
            _ when entry.Attempts >= options.Value.MaxAttempts =>
                await record.FailAsync($"Failed after {entry.Attempts} attempts: {outcome.Detail}", cancellationToken),
            _ => await record.RetryAsync(now.Add(Backoff(entry.Attempts)), outcome.Detail!, zone, cancellationToken),
        };
        if (handled is Handled.Failed or Handled.Cancelled or Handled.Retried && entry.SlotDay is { } slot)
        {
            await DailySlots.ReleaseAsync(db, slot, cancellationToken);
        }

        return handled;
    }

    private TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(options.Value.RetryMaxSeconds, options.Value.RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>Another auto-reply that went (or is going) to the same customer within the cooldown; its id, or null.</summary>
    private static async Task<string?> CooldownBreachAsync(ParleyDb db, AutoReplyEntry entry, int days, DateTime now, CancellationToken cancellationToken)
    {
        var since = now.AddDays(-days);
        var (email, phone, author) = (entry.CustomerEmail, entry.CustomerPhone, entry.CustomerAuthor);
        return await db.Set<AutoReplyEntry>().AsNoTracking()
            .Where(e => e.Id != entry.Id && (e.State == EntryStates.Sent || e.State == EntryStates.Sending) && e.CreatedAt >= since &&
                        ((email != null && e.CustomerEmail == email) || (phone != null && e.CustomerPhone == phone) || (author != null && e.CustomerAuthor == author)))
            .Select(e => e.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Records an outcome, but only while the claim is still ours (the token matches and the row is still <c>sending</c>).</summary>
    private sealed class OutcomeRecorder(ParleyDb db, AutoReplyNotifier notifier, AutoReplyEntry entry, string token, DateTime now)
    {
        private IQueryable<AutoReplyEntry> Mine => db.Set<AutoReplyEntry>().Where(e => e.Id == entry.Id && e.ClaimToken == token && e.State == EntryStates.Sending);

        public async Task<bool> SetSlotAsync(DateOnly day, CancellationToken cancellationToken) =>
            await Mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.SlotDay, day), cancellationToken) == 1;

        public async Task<Handled> SentAsync(string kind, string? detail, CancellationToken cancellationToken)
        {
            var written = await Mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Sent)
                .SetProperty(e => e.SentAt, now)
                .SetProperty(e => e.Delivery, kind)
                .SetProperty(e => e.DeliveryDetail, Truncate(detail, 500))
                .SetProperty(e => e.ErrorMessage, (string?)null)
                .SetProperty(e => e.Note, (string?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None);
            return await PublishAsync(written, Handled.Sent, AutoReplyEvents.Sent, e =>
            {
                (e.State, e.SentAt, e.Delivery, e.DeliveryDetail, e.ErrorMessage, e.Note) = (EntryStates.Sent, now, kind, Truncate(detail, 500), null, null);
            });
        }

        public async Task<Handled> RetryAsync(DateTime dueAt, string error, TimeZoneInfo zone, CancellationToken cancellationToken)
        {
            var note = $"Attempt {entry.Attempts} failed; next attempt at {AutoReplyEvaluator.Local(dueAt, zone)} ({zone.Id}).";
            var written = await Mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Scheduled)
                .SetProperty(e => e.DueAt, dueAt)
                .SetProperty(e => e.ErrorMessage, Truncate(error, 1000))
                .SetProperty(e => e.Note, note)
                .SetProperty(e => e.SlotDay, (DateOnly?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None);
            return written == 1 ? Handled.Retried : Handled.Lost;
        }

        public async Task<Handled> PostponeAsync(DateTime dueAt, string note, CancellationToken cancellationToken)
        {
            // Not an attempt: nothing was tried.
            var written = await Mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Scheduled)
                .SetProperty(e => e.DueAt, dueAt)
                .SetProperty(e => e.Attempts, e => e.Attempts - 1)
                .SetProperty(e => e.Note, note)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None);
            return written == 1 ? Handled.Postponed : Handled.Lost;
        }

        public async Task<Handled> FailAsync(string error, CancellationToken cancellationToken)
        {
            var written = await Mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Failed)
                .SetProperty(e => e.ErrorMessage, Truncate(error, 1000))
                .SetProperty(e => e.Note, (string?)null)
                .SetProperty(e => e.SlotDay, (DateOnly?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None);
            return await PublishAsync(written, Handled.Failed, AutoReplyEvents.Failed, e =>
            {
                (e.State, e.ErrorMessage, e.Note, e.SlotDay) = (EntryStates.Failed, Truncate(error, 1000), null, null);
            });
        }

        public async Task<Handled> CancelAsync(string reason, CancellationToken cancellationToken)
        {
            var written = await Mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Cancelled)
                .SetProperty(e => e.LiveKey, (string?)null)
                .SetProperty(e => e.CancelledAt, now)
                .SetProperty(e => e.CancelReason, Truncate(reason, 500))
                .SetProperty(e => e.Note, (string?)null)
                .SetProperty(e => e.SlotDay, (DateOnly?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None);
            return await PublishAsync(written, Handled.Cancelled, AutoReplyEvents.Cancelled, e =>
            {
                (e.State, e.LiveKey, e.CancelledAt, e.CancelReason, e.Note, e.SlotDay) = (EntryStates.Cancelled, null, now, Truncate(reason, 500), null, null);
            });
        }

        /// <summary>After a write that took: the event carries the entry as written (the same changes applied to the copy in hand).</summary>
        private async Task<Handled> PublishAsync(int written, Handled handled, string eventName, Action<AutoReplyEntry> applied)
        {
            if (written != 1)
            {
                return Handled.Lost;
            }

            applied(entry);
            (entry.ClaimToken, entry.LeaseUntil, entry.UpdatedAt) = (null, null, now);
            await notifier.PublishAsync(eventName, entry, CancellationToken.None);
            return handled;
        }

        private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-reply {EntryId} was still sending after its lease; completing it by inspection")]
    private static partial void LogRecovering(ILogger logger, string entryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering auto-reply {EntryId} failed unexpectedly")]
    private static partial void LogDeliveryError(ILogger logger, Exception exception, string entryId);
}

/// <summary>Daily-limit slots: taken with a conditional increment, so concurrent dispatchers never exceed the limit.</summary>
internal static class DailySlots
{
    public static async Task<bool> TryTakeAsync(ParleyDb db, string workspaceId, DateOnly day, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return false;
        }

        // The day's row exists before the conditional increment (the same SQL on SQLite and PostgreSQL).
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AutoReplyDailyCounts" ("WorkspaceId", "Day", "Count") VALUES ({workspaceId}, {day}, 0) ON CONFLICT DO NOTHING
            """, cancellationToken);
        return await db.Set<AutoReplyDailyCount>().Where(c => c.Day == day && c.Count < limit)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + 1), cancellationToken) == 1;
    }

    public static Task ReleaseAsync(ParleyDb db, DateOnly day, CancellationToken cancellationToken) =>
        db.Set<AutoReplyDailyCount>().Where(c => c.Day == day && c.Count > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count - 1), CancellationToken.None);
}
