using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Feedback;
using Parley.Features.Reviews;
using Parley.Platform.Tenancy;

namespace Parley.Features.AutoReply;

public sealed record SweepReport(int AutoApproved, int Rechecked, int MissedEvaluated);

/// <summary>
/// The periodic pass next to the dispatcher: approves replies whose approval timed out, evaluates again items that waited
/// on the response-rate threshold, and evaluates items whose "created" event never reached the engine (the process stopped
/// in between) — only items that arrived after auto-replies were switched on, unanswered and younger than <c>max_age_days</c>.
/// </summary>
public sealed partial class AutoReplySweeper(IServiceScopeFactory scopes, IOptions<AutoReplyOptions> options, TimeProvider clock, ILogger<AutoReplySweeper> logger)
{
    /// <summary>Items younger than this are left to their own event.</summary>
    private static readonly TimeSpan EventGrace = TimeSpan.FromMinutes(1);

    public async Task<SweepReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<AutoReplySettings> enabled;
        await using (var scope = scopes.CreateAsyncScope())
        {
            enabled = await scope.ServiceProvider.GetRequiredService<ParleyDb>().Set<AutoReplySettings>().IgnoreQueryFilters().AsNoTracking()
                .Where(s => s.Enabled).ToListAsync(cancellationToken);
        }

        int approved = 0, rechecked = 0, missed = 0;
        foreach (var settings in enabled)
        {
            try
            {
                approved += await ApproveTimedOutAsync(settings, cancellationToken);
                rechecked += await RecheckAsync(settings, cancellationToken);
                missed += await EvaluateMissedAsync(settings, cancellationToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                LogWorkspaceFailed(logger, e, settings.WorkspaceId);
            }
        }

        await PurgeOldCountsAsync(cancellationToken);
        return new SweepReport(approved, rechecked, missed);
    }

    private async Task<int> ApproveTimedOutAsync(AutoReplySettings settings, CancellationToken cancellationToken)
    {
        if (settings.ApprovalTimeoutHours <= 0)
        {
            return 0;
        }

        await using var scope = Scope(settings.WorkspaceId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var service = scope.ServiceProvider.GetRequiredService<AutoReplyService>();
        var before = clock.GetUtcNow().UtcDateTime.AddHours(-settings.ApprovalTimeoutHours);
        var due = await db.Set<AutoReplyEntry>().AsNoTracking()
            .Where(e => e.State == EntryStates.AwaitingApproval && e.CreatedAt <= before)
            .OrderBy(e => e.CreatedAt).Take(options.Value.SweepBatchSize).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var entry in due)
        {
            if (await service.ApproveCoreAsync(entry, entry.Content, null, automatic: true, cancellationToken))
            {
                count++;
            }
        }

        if (count > 0)
        {
            await scope.ServiceProvider.GetRequiredService<AutoReplyNudge>().NudgeAsync();
        }

        return count;
    }

    private async Task<int> RecheckAsync(AutoReplySettings settings, CancellationToken cancellationToken)
    {
        await using var scope = Scope(settings.WorkspaceId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var items = await db.Set<AutoReplyEvaluation>().AsNoTracking().Where(e => e.RecheckAt != null && e.RecheckAt <= now)
            .OrderBy(e => e.RecheckAt).Take(options.Value.SweepBatchSize).Select(e => new { e.ItemType, e.ItemId }).ToListAsync(cancellationToken);
        var engine = scope.ServiceProvider.GetRequiredService<AutoReplyEngine>();
        var catalog = items.Count > 0 ? await engine.CatalogAsync(cancellationToken) : null;
        foreach (var item in items)
        {
            if (await engine.EvaluateAsync(item.ItemType, item.ItemId, EvaluationTriggers.Recheck, catalog, cancellationToken) is null)
            {
                // Nothing stored (the item is gone, or it already has an auto-reply): stop rechecking it.
                await db.Set<AutoReplyEvaluation>().Where(e => e.ItemType == item.ItemType && e.ItemId == item.ItemId && e.RecheckAt != null && e.RecheckAt <= now)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.RecheckAt, (DateTime?)null), cancellationToken);
            }
        }

        return items.Count;
    }

    /// <summary>Unanswered items that arrived after auto-replies were switched on and have no evaluation: their event was lost.</summary>
    private async Task<int> EvaluateMissedAsync(AutoReplySettings settings, CancellationToken cancellationToken)
    {
        await using var scope = Scope(settings.WorkspaceId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var arrivedAfter = settings.EnabledAt ?? settings.UpdatedAt ?? now;
        var arrivedBefore = now - EventGrace;
        var writtenAfter = now.AddDays(-settings.MaxAgeDays);
        var evaluations = db.Set<AutoReplyEvaluation>().AsNoTracking();
        var size = options.Value.SweepBatchSize;
        var reviews = await db.Set<Review>().AsNoTracking()
            .Where(r => r.CreatedAt >= arrivedAfter && r.CreatedAt <= arrivedBefore && r.Date >= writtenAfter && r.Status == ReviewStatuses.Unanswered &&
                        !evaluations.Any(e => e.ItemType == AutoReplyItemTypes.Review && e.ItemId == r.Id))
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(size).ToListAsync(cancellationToken);
        var feedback = await db.Set<InterceptedFeedback>().AsNoTracking()
            .Where(f => f.CreatedAt >= arrivedAfter && f.CreatedAt <= arrivedBefore && f.Date >= writtenAfter && f.Status != FeedbackStatuses.Replied &&
                        !evaluations.Any(e => e.ItemType == AutoReplyItemTypes.Feedback && e.ItemId == f.Id))
            .OrderBy(f => f.CreatedAt).Select(f => f.Id).Take(size).ToListAsync(cancellationToken);
        var engine = scope.ServiceProvider.GetRequiredService<AutoReplyEngine>();
        var catalog = reviews.Count + feedback.Count > 0 ? await engine.CatalogAsync(cancellationToken) : null;
        foreach (var id in reviews)
        {
            await engine.EvaluateAsync(AutoReplyItemTypes.Review, id, EvaluationTriggers.Sweep, catalog, cancellationToken);
        }

        foreach (var id in feedback)
        {
            await engine.EvaluateAsync(AutoReplyItemTypes.Feedback, id, EvaluationTriggers.Sweep, catalog, cancellationToken);
        }

        return reviews.Count + feedback.Count;
    }

    private async Task PurgeOldCountsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var before = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(-7));
        await scope.ServiceProvider.GetRequiredService<ParleyDb>().Set<AutoReplyDailyCount>().IgnoreQueryFilters()
            .Where(c => c.Day < before).ExecuteDeleteAsync(cancellationToken);
    }

    private AsyncServiceScope Scope(string workspaceId)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(workspaceId);
        return scope;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The auto-reply sweep failed for workspace {WorkspaceId}")]
    private static partial void LogWorkspaceFailed(ILogger logger, Exception exception, string workspaceId);
}
