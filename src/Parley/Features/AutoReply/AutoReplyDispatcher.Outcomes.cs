using Microsoft.EntityFrameworkCore;
using Parley.Data;

namespace Parley.Features.AutoReply;

/// <summary>What a delivery means for its entry, and recording it: only while the claim token is still held.</summary>
public sealed partial class AutoReplyDispatcher
{
    /// <summary>What a delivery's result means for the entry: a retry with backoff until the attempts run out, then failed.</summary>
    private Outcome ToOutcome(AutoReplyEntry entry, DeliveryOutcome outcome, TimeZoneInfo zone, DateTime now)
    {
        if (outcome.Status == DeliveryStatus.Retry && entry.Attempts < options.Value.MaxAttempts)
        {
            var dueAt = now.Add(Backoff(entry.Attempts));
            return Outcome.Retry(dueAt, outcome.Detail!, $"Attempt {entry.Attempts} failed; next attempt at {AutoReplyEvaluator.Local(dueAt, zone)} ({zone.Id}).");
        }

        return outcome.Status switch
        {
            DeliveryStatus.Delivered => Outcome.Sent(outcome.Kind!, outcome.Detail),
            DeliveryStatus.Cancelled => Outcome.Cancel(outcome.Detail!),
            DeliveryStatus.Failed => Outcome.Fail(outcome.Detail!),
            _ => Outcome.Fail($"Failed after {entry.Attempts} attempts: {outcome.Detail}"),
        };
    }

    private TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(options.Value.RetryMaxSeconds, options.Value.RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>What to record for one claimed entry.</summary>
    private sealed record Outcome(Handled Kind, DateTime? DueAt = null, string? Text = null, string? Note = null, string? DeliveryKind = null, bool Attempted = true)
    {
        public static Outcome Sent(string kind, string? detail) => new(Handled.Sent, Text: detail, DeliveryKind: kind);

        public static Outcome Retry(DateTime dueAt, string error, string note) => new(Handled.Retried, dueAt, error, note);

        public static Outcome Fail(string error) => new(Handled.Failed, Text: error);

        public static Outcome Cancel(string reason) => new(Handled.Cancelled, Text: reason);

        /// <summary>Not an attempt: nothing was tried.</summary>
        public static Outcome Postpone(DateTime dueAt, string note) => new(Handled.Postponed, dueAt, Note: note, Attempted: false);

        /// <summary>Back to the queue unsent, due as before (the pass ran out of its lease).</summary>
        public static Outcome HandBack() => new(Handled.Postponed, Attempted: false);

        public static Outcome Lost() => new(Handled.Lost);
    }

    /// <summary>
    /// Records the outcomes of <paramref name="indexes"/> in one transaction (with <paramref name="alsoInTransaction"/>'s writes),
    /// each only while the claim is still ours (token and <c>sending</c>); the daily slot of an entry that did not go out is
    /// given back in the same transaction. Events follow the commit.
    /// </summary>
    private static async Task RecordAsync(IServiceProvider services, ParleyDb db, IReadOnlyList<AutoReplyEntry> claimed, Outcome?[] outcomes,
        IReadOnlyList<int> indexes, Handled?[] results, string token, DateTime now, Func<Task>? alsoInTransaction)
    {
        var written = new Handled[indexes.Count];
        await using (var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None))
        {
            if (alsoInTransaction is not null)
            {
                await alsoInTransaction();
            }

            for (var k = 0; k < indexes.Count; k++)
            {
                var (entry, outcome) = (claimed[indexes[k]], outcomes[indexes[k]]!);
                written[k] = outcome.Kind == Handled.Lost || await WriteAsync(db, entry, outcome, token, now) != 1 ? Handled.Lost : outcome.Kind;
                if (written[k] is Handled.Failed or Handled.Cancelled or Handled.Retried or Handled.Postponed && entry.SlotDay is { } slot)
                {
                    await DailySlots.ReleaseAsync(db, entry.WorkspaceId, slot, CancellationToken.None);
                }
            }

            await transaction.CommitAsync(CancellationToken.None);
        }

        var notifier = services.GetRequiredService<AutoReplyNotifier>();
        for (var k = 0; k < indexes.Count; k++)
        {
            var i = indexes[k];
            results[i] = written[k];
            var eventName = written[k] switch
            {
                Handled.Sent => AutoReplyEvents.Sent,
                Handled.Failed => AutoReplyEvents.Failed,
                Handled.Cancelled => AutoReplyEvents.Cancelled,
                _ => null,
            };
            if (eventName is not null)
            {
                // The event carries the entry as written (the same changes applied to the copy in hand).
                Apply(claimed[i], outcomes[i]!, now);
                await notifier.PublishAsync(eventName, claimed[i], CancellationToken.None);
            }
        }
    }

    private static Task<int> WriteAsync(ParleyDb db, AutoReplyEntry entry, Outcome o, string token, DateTime now)
    {
        var mine = Mine(db, entry, token);
        var text = o.Text;
        var note = o.Note;
        return o.Kind switch
        {
            Handled.Sent => mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Sent)
                .SetProperty(e => e.SentAt, now)
                .SetProperty(e => e.Delivery, o.DeliveryKind)
                .SetProperty(e => e.DeliveryDetail, Truncate(text, 500))
                .SetProperty(e => e.ErrorMessage, (string?)null)
                .SetProperty(e => e.Note, (string?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None),
            Handled.Retried => mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Scheduled)
                .SetProperty(e => e.DueAt, o.DueAt!.Value)
                .SetProperty(e => e.ErrorMessage, Truncate(text, 1000))
                .SetProperty(e => e.Note, note)
                .SetProperty(e => e.SlotDay, (DateOnly?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None),
            Handled.Postponed when o.DueAt is { } dueAt => mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Scheduled)
                .SetProperty(e => e.DueAt, dueAt)
                .SetProperty(e => e.Attempts, e => e.Attempts - 1)
                .SetProperty(e => e.Note, note)
                .SetProperty(e => e.SlotDay, (DateOnly?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None),
            Handled.Postponed => mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Scheduled)
                .SetProperty(e => e.Attempts, e => e.Attempts - 1)
                .SetProperty(e => e.SlotDay, (DateOnly?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None),
            Handled.Failed => mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Failed)
                .SetProperty(e => e.ErrorMessage, Truncate(text, 1000))
                .SetProperty(e => e.Note, (string?)null)
                .SetProperty(e => e.SlotDay, (DateOnly?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None),
            Handled.Cancelled => mine.ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Cancelled)
                .SetProperty(e => e.LiveKey, (string?)null)
                .SetProperty(e => e.CancelledAt, now)
                .SetProperty(e => e.CancelReason, Truncate(text, 500))
                .SetProperty(e => e.Note, (string?)null)
                .SetProperty(e => e.SlotDay, (DateOnly?)null)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.LeaseUntil, (DateTime?)null)
                .SetProperty(e => e.UpdatedAt, now), CancellationToken.None),
            _ => Task.FromResult(0),
        };
    }

    private static void Apply(AutoReplyEntry e, Outcome o, DateTime now)
    {
        switch (o.Kind)
        {
            case Handled.Sent:
                (e.State, e.SentAt, e.Delivery, e.DeliveryDetail, e.ErrorMessage, e.Note) = (EntryStates.Sent, now, o.DeliveryKind, Truncate(o.Text, 500), null, null);
                break;
            case Handled.Failed:
                (e.State, e.ErrorMessage, e.Note, e.SlotDay) = (EntryStates.Failed, Truncate(o.Text, 1000), null, null);
                break;
            case Handled.Cancelled:
                (e.State, e.LiveKey, e.CancelledAt, e.CancelReason, e.Note, e.SlotDay) = (EntryStates.Cancelled, null, now, Truncate(o.Text, 500), null, null);
                break;
        }

        (e.ClaimToken, e.LeaseUntil, e.UpdatedAt) = (null, null, now);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
