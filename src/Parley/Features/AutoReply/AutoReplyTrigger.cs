using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform.Tenancy;

namespace Parley.Features.AutoReply;

/// <summary>
/// How the reviews and feedback features tell the auto-reply engine what happened in the current workspace. Call it after
/// the change is committed. It never throws: a failure is logged and the periodic sweep evaluates the item later.
/// </summary>
public interface IAutoReplyTrigger
{
    /// <summary>Reviews were stored: <paramref name="how"/> is <c>created</c> (by a person or the API), <c>imported</c> (CSV) or <c>synced</c> (a connector).</summary>
    Task ReviewsStoredAsync(IReadOnlyCollection<string> reviewIds, string how, CancellationToken cancellationToken);

    /// <summary>Intercepted feedback was stored (API or public feedback page).</summary>
    Task FeedbackStoredAsync(string feedbackId, CancellationToken cancellationToken);

    /// <summary>
    /// A reply was stored on a review or feedback (<see cref="AutoReplyItemTypes"/>): its auto-reply still waiting (for approval or
    /// its time) is cancelled, so the customer never gets two answers. The auto-reply being delivered at that moment (which is
    /// what stored the reply when the engine itself answered) is not touched.
    /// </summary>
    Task RepliedAsync(string itemType, string itemId, CancellationToken cancellationToken);
}

internal sealed partial class AutoReplyTrigger(IServiceScopeFactory scopes, IWorkspaceContext current, TimeProvider clock, ILogger<AutoReplyTrigger> logger)
    : IAutoReplyTrigger
{
    public Task ReviewsStoredAsync(IReadOnlyCollection<string> reviewIds, string how, CancellationToken cancellationToken) =>
        EvaluateAsync(AutoReplyItemTypes.Review, reviewIds, EvaluationTriggers.All.Contains(how) ? how : EvaluationTriggers.Created, cancellationToken);

    public Task FeedbackStoredAsync(string feedbackId, CancellationToken cancellationToken) =>
        EvaluateAsync(AutoReplyItemTypes.Feedback, [feedbackId], EvaluationTriggers.Created, cancellationToken);

    public async Task RepliedAsync(string itemType, string itemId, CancellationToken cancellationToken)
    {
        if (current.WorkspaceId is not { } workspaceId)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(workspaceId);
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            var key = itemType + ":" + itemId;
            var waiting = await db.Set<AutoReplyEntry>().AsNoTracking()
                .Where(e => e.LiveKey == key && (e.State == EntryStates.AwaitingApproval || e.State == EntryStates.Scheduled))
                .Select(e => e.Id).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var id in waiting)
            {
                // Conditional: an entry the dispatcher claimed meanwhile is left to it (it sees the person's reply and cancels itself).
                var cancelled = await db.Set<AutoReplyEntry>()
                    .Where(e => e.Id == id && (e.State == EntryStates.AwaitingApproval || e.State == EntryStates.Scheduled))
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Cancelled)
                        .SetProperty(e => e.LiveKey, (string?)null)
                        .SetProperty(e => e.CancelledAt, now)
                        .SetProperty(e => e.CancelReason, "A person replied first.")
                        .SetProperty(e => e.Note, (string?)null)
                        .SetProperty(e => e.UpdatedAt, now), cancellationToken);
                if (cancelled == 1)
                {
                    var entry = await db.Set<AutoReplyEntry>().AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
                    await scope.ServiceProvider.GetRequiredService<AutoReplyNotifier>().PublishAsync(AutoReplyEvents.Cancelled, entry, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException)
        {
            LogFailed(logger, e, itemType, itemId);
        }
    }

    private async Task EvaluateAsync(string itemType, IReadOnlyCollection<string> ids, string how, CancellationToken cancellationToken)
    {
        if (current.WorkspaceId is not { } workspaceId || ids.Count == 0)
        {
            return;
        }

        // Its own scope: the caller's unit of work and change tracker stay untouched.
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(workspaceId);
        var engine = scope.ServiceProvider.GetRequiredService<AutoReplyEngine>();
        EvaluationCatalog? catalog = null;
        foreach (var id in ids)
        {
            try
            {
                // One catalog for a whole import; a single review loads it only when auto-replies are on.
                catalog ??= ids.Count > 1 ? await engine.CatalogAsync(cancellationToken) : null;
                await engine.EvaluateAsync(itemType, id, how, catalog, cancellationToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException or Platform.Errors.ApiException)
            {
                LogFailed(logger, e, itemType, id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Auto-reply evaluation of {ItemType} {ItemId} failed; the sweep will evaluate it again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string itemType, string itemId);
}
