using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Reviews;
using Parley.Platform.Tenancy;

namespace Parley.Features.AutoReply;

/// <summary>
/// Sends due auto-replies exactly once. A pass first recovers entries whose claim expired (an instance died mid-send), then
/// claims due entries with a conditional update — <c>scheduled → sending</c> with a fresh claim token and a lease (on
/// PostgreSQL a batch with <c>FOR UPDATE SKIP LOCKED</c>) — and delivers them in groups per workspace, with one commit that
/// stores a group's replies (claimed for their platform) and one that records the platforms' answers and the outcomes. Only
/// the holder of the token records an outcome. Every recovery inspects the item's stored reply first, so an interrupted
/// delivery is completed, not resent; when the platform call itself was interrupted and the connector cannot confirm it, the
/// entry fails with a message that delivery is uncertain — never a second send. Several dispatchers (threads or instances)
/// may run side by side.
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

    /// <summary>
    /// Delivers a claimed batch with few durable commits. The schedule and cooldown checks only read. Then, per group of up to
    /// <see cref="AutoReplyOptions.CommitGroupSize"/> entries of one workspace: the items' stored replies are inspected (one
    /// read); one transaction takes the daily slots and stores the replies to send, already claimed for their platform
    /// (<c>sending</c>) — before any external call; the platforms are called; one transaction records their answers together
    /// with the entries' outcomes. A crash between the two commits leaves the group's replies <c>sending</c>: recovery asks the
    /// connector (<see cref="IReviewReplyLookup"/>) or marks them uncertain for a person — it never sends twice. Feedback
    /// entries go through the feedback feature one by one (reply and email outbox in its own commit). Recovered entries are
    /// delivered one by one through the full inspection.
    /// </summary>
    private async Task<DispatchReport> DeliverAllAsync(IReadOnlyList<AutoReplyEntry> claimed, string token, bool recovering, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var workspaces = await WorkspacesAsync(claimed, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var outcomes = new Outcome?[claimed.Count];
        var results = new Handled?[claimed.Count];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        if (recovering)
        {
            for (var i = 0; i < claimed.Count; i++)
            {
                outcomes[i] = await DeliverOneAsync(claimed[i], workspaces[claimed[i].WorkspaceId].Zone, cancellationToken);
            }
        }
        else
        {
            await CheckAsync(db, claimed, workspaces, now, outcomes, cancellationToken);
            // A batch never outlives half its lease: what is left then goes back to the queue unsent, for the next pass.
            var handBackAfter = TimeSpan.FromSeconds(options.Value.LeaseSeconds / 2.0);
            var groups = Enumerable.Range(0, claimed.Count).Where(i => outcomes[i] is null)
                .GroupBy(i => claimed[i].WorkspaceId, StringComparer.Ordinal).SelectMany(g => g.Chunk(options.Value.CommitGroupSize)).ToList();
            foreach (var group in groups)
            {
                if (Stopwatch.GetElapsedTime(started) > handBackAfter)
                {
                    foreach (var i in group)
                    {
                        outcomes[i] = Outcome.HandBack();
                    }

                    continue;
                }

                await DeliverGroupAsync(claimed, group, token, workspaces[claimed[group[0]].WorkspaceId], now, outcomes, results, cancellationToken);
            }
        }

        // What the groups did not record (checks, hand-backs, recoveries): one more commit.
        var rest = Enumerable.Range(0, claimed.Count).Where(i => results[i] is null).ToList();
        if (rest.Count > 0)
        {
            await RecordAsync(scope.ServiceProvider, db, claimed, outcomes, rest, results, token, now, alsoInTransaction: null);
        }

        return new DispatchReport(
            recovering ? 0 : claimed.Count,
            results.Count(r => r == Handled.Sent),
            results.Count(r => r == Handled.Retried),
            results.Count(r => r == Handled.Failed),
            results.Count(r => r == Handled.Cancelled),
            results.Count(r => r == Handled.Postponed),
            recovering ? claimed.Count : 0);
    }

    /// <summary>One group of one workspace: inspect, take slots and store replies (one commit), call the platforms, record (one commit).</summary>
    private async Task DeliverGroupAsync(IReadOnlyList<AutoReplyEntry> claimed, int[] group, string token, (AutoReplySettings Settings, TimeZoneInfo Zone) workspace,
        DateTime now, Outcome?[] outcomes, Handled?[] results, CancellationToken cancellationToken)
    {
        var (settings, zone) = workspace;
        var workspaceId = claimed[group[0]].WorkspaceId;
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<WorkspaceContext>().SetSystem(workspaceId);
        var db = services.GetRequiredService<ParleyDb>();
        var reviews = services.GetRequiredService<ReviewService>();
        var publisher = services.GetRequiredService<ReplyPublisher>();

        // 1. What the reviews' stored replies already decide (a delivery completed earlier, a person's reply, a deleted review).
        var reviewEntries = group.Where(i => claimed[i].ItemType == AutoReplyItemTypes.Review).ToList();
        var decided = new Dictionary<int, DeliveryOutcome>();
        if (reviewEntries.Count > 0)
        {
            try
            {
                var inspected = await services.GetRequiredService<AutoReplyItems>().InspectReviewsAsync(reviewEntries.Select(i => claimed[i]).ToList(), cancellationToken);
                for (var k = 0; k < reviewEntries.Count; k++)
                {
                    if (inspected[k] is { } outcome)
                    {
                        decided[reviewEntries[k]] = outcome;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogDeliveryError(logger, e, claimed[reviewEntries[0]].Id);
                foreach (var i in reviewEntries)
                {
                    decided[i] = DeliveryOutcome.Retry($"Unexpected error while delivering ({e.GetType().Name}).");
                }
            }
        }

        // 2. One commit: the daily slots of the entries going out, each with the entry's note of it, and their replies.
        var going = group.Where(i => !decided.ContainsKey(i)).ToList();
        var toStore = new List<int>();
        var stored = new Dictionary<int, StoredReply>();
        if (going.Count > 0)
        {
            var day = ScheduleCalculator.LocalDay(now, zone);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await DailySlots.PrepareAsync(db, workspaceId, day, cancellationToken);
            var slotted = new List<int>();
            foreach (var i in going)
            {
                var entry = claimed[i];
                if (!await DailySlots.TryTakeAsync(db, workspaceId, day, settings.DailyLimit, cancellationToken))
                {
                    var next = ScheduleCalculator.NextDay(ScheduleSpec.FromStorage(entry.Schedule), now, zone);
                    outcomes[i] = Outcome.Postpone(next,
                        $"The daily limit of {settings.DailyLimit} auto-replies was reached for {day:yyyy-MM-dd}; waits until {AutoReplyEvaluator.Local(next, zone)} ({zone.Id}).");
                }
                else if (await Mine(db, entry, token).ExecuteUpdateAsync(u => u.SetProperty(e => e.SlotDay, day), cancellationToken) == 1)
                {
                    slotted.Add(i);
                }
                else
                {
                    // The claim was lost meanwhile: the slot goes back in the same transaction.
                    await DailySlots.ReleaseAsync(db, workspaceId, day, cancellationToken);
                    outcomes[i] = Outcome.Lost();
                }
            }

            toStore.AddRange(slotted.Where(i => claimed[i].ItemType == AutoReplyItemTypes.Review));
            if (toStore.Count > 0)
            {
                var replies = await reviews.StoreRepliesAsync(toStore.Select(i => AutoReplyItems.ReplyFor(claimed[i])).ToList(), cancellationToken);
                for (var k = 0; k < toStore.Count; k++)
                {
                    stored[toStore[k]] = replies[k];
                }
            }

            await transaction.CommitAsync(cancellationToken);
            foreach (var i in slotted)
            {
                claimed[i].SlotDay = day;
            }

            // Feedback: through the feedback feature, one by one (it commits the reply with its email in the outbox).
            foreach (var i in slotted.Where(i => claimed[i].ItemType != AutoReplyItemTypes.Review))
            {
                outcomes[i] = await DeliverOneAsync(claimed[i], zone, cancellationToken);
            }
        }

        // 3. The platform calls (no database writes in between).
        var answers = new PlatformReplyResult?[claimed.Count];
        await Parallel.ForEachAsync(toStore.Where(i => stored[i].Status == ReplyStoreStatus.Sending),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = CancellationToken.None },
            async (i, _) => answers[i] = await publisher.CallAsync(stored[i].Platform!, stored[i].Reply!, stored[i].Source, cancellationToken));
        foreach (var i in toStore)
        {
            outcomes[i] = ToOutcome(claimed[i], AutoReplyItems.OutcomeOf(stored[i], answers[i]), zone, now);
        }

        foreach (var (i, outcome) in decided)
        {
            outcomes[i] = ToOutcome(claimed[i], outcome, zone, now);
        }

        // 4. One commit: the platforms' answers on the reviews and the entries' outcomes.
        await RecordAsync(services, db, claimed, outcomes, group, results, token, now, alsoInTransaction: async () =>
        {
            foreach (var i in toStore)
            {
                if (answers[i] is { } answer)
                {
                    await publisher.RecordAsync(claimed[i].ItemId, answer);
                }
            }
        });

        // 5. The reviews' own events (replied, unread counts) once their replies' outcomes are committed.
        if (stored.Count > 0)
        {
            await reviews.AfterRepliesAsync(stored.Values.ToList(), cancellationToken, cancelWaitingAutoReplies: false);
        }
    }

    /// <summary>Settings and time zone of each workspace in the batch, read once.</summary>
    private async Task<Dictionary<string, (AutoReplySettings Settings, TimeZoneInfo Zone)>> WorkspacesAsync(IReadOnlyList<AutoReplyEntry> claimed, CancellationToken cancellationToken)
    {
        var workspaces = new Dictionary<string, (AutoReplySettings Settings, TimeZoneInfo Zone)>(StringComparer.Ordinal);
        foreach (var workspaceId in claimed.Select(e => e.WorkspaceId).Distinct(StringComparer.Ordinal))
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(workspaceId);
            var engine = scope.ServiceProvider.GetRequiredService<AutoReplyEngine>();
            workspaces[workspaceId] = (await engine.SettingsAsync(cancellationToken), await engine.ZoneAsync(cancellationToken));
        }

        return workspaces;
    }

    /// <summary>
    /// Before sending (reads only): a window or weekday the dispatcher reached late waits for the next slot; a cooldown breach
    /// cancels. Decided entries get their outcome in <paramref name="outcomes"/>.
    /// </summary>
    private static async Task CheckAsync(ParleyDb db, IReadOnlyList<AutoReplyEntry> claimed,
        Dictionary<string, (AutoReplySettings Settings, TimeZoneInfo Zone)> workspaces, DateTime now, Outcome?[] outcomes, CancellationToken cancellationToken)
    {
        // Entries of this batch cancelled for a cooldown are still "sending" in the database: they must not block the others.
        var cancelled = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < claimed.Count; i++)
        {
            var entry = claimed[i];
            var (settings, zone) = workspaces[entry.WorkspaceId];
            var schedule = ScheduleSpec.FromStorage(entry.Schedule);
            var allowed = ScheduleCalculator.NextAllowed(schedule, now, zone);
            if (allowed > now)
            {
                outcomes[i] = Outcome.Postpone(allowed, $"Outside the rule's schedule; waits until {AutoReplyEvaluator.Local(allowed, zone)} ({zone.Id}).");
            }
            else if (settings.CooldownDays > 0 && await CooldownBreachAsync(db, entry, settings.CooldownDays, now, cancelled, cancellationToken) is { } other)
            {
                outcomes[i] = Outcome.Cancel($"Another auto-reply ({other}) reached the same customer within the {settings.CooldownDays}-day cooldown.");
                cancelled.Add(entry.Id);
            }
        }
    }

    /// <summary>Delivers one entry in its own workspace scope, through the item's full inspection (the reviews or feedback feature commits what it stores).</summary>
    private async Task<Outcome> DeliverOneAsync(AutoReplyEntry entry, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<WorkspaceContext>().SetSystem(entry.WorkspaceId);
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

        return ToOutcome(entry, outcome, zone, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Another auto-reply that went (or is going) to the same customer within the cooldown; its id, or null.</summary>
    private static async Task<string?> CooldownBreachAsync(ParleyDb db, AutoReplyEntry entry, int days, DateTime now, HashSet<string> ignore, CancellationToken cancellationToken)
    {
        var since = now.AddDays(-days);
        var (workspaceId, email, phone, author) = (entry.WorkspaceId, entry.CustomerEmail, entry.CustomerPhone, entry.CustomerAuthor);
        var candidates = await db.Set<AutoReplyEntry>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId && e.Id != entry.Id && (e.State == EntryStates.Sent || e.State == EntryStates.Sending) && e.CreatedAt >= since &&
                        ((email != null && e.CustomerEmail == email) || (phone != null && e.CustomerPhone == phone) || (author != null && e.CustomerAuthor == author)))
            .Select(e => e.Id).Take(ignore.Count + 1).ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(id => !ignore.Contains(id));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-reply {EntryId} was still sending after its lease; completing it by inspection")]
    private static partial void LogRecovering(ILogger logger, string entryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering auto-reply {EntryId} failed unexpectedly")]
    private static partial void LogDeliveryError(ILogger logger, Exception exception, string entryId);
}
