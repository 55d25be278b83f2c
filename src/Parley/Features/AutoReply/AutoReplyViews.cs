using System.Text.Json;
using Parley.Platform.Realtime;
using Quartz;

namespace Parley.Features.AutoReply;

internal static class AutoReplyViews
{
    private static readonly JsonSerializerOptions TraceJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static AutoReplyHistoryView ToView(AutoReplyEntry e) => new(
        e.Id, e.ItemId, e.ItemType, e.TemplateId, e.TemplateName, e.RuleId, e.RuleName, e.Content, EntryStates.ToStatus(e.State),
        e.CreatedAt, e.SentAt, e.ApprovedBy, e.ApprovedAt, e.CancelledAt, e.ErrorMessage,
        e.State, e.Source, e.Rating, e.DueAt, e.RequiresApproval, e.ApprovalReasons, e.AutoApproved, e.Attempts, e.Delivery, e.DeliveryDetail,
        e.Note, e.CancelReason, e.GeneratedContent);

    public static AutoReplySettingsView ToView(AutoReplySettings s) => new(
        s.Enabled, s.RequireApproval, s.EmailNotifications, s.ApprovalTimeoutHours, s.DailyLimit, s.CooldownDays, s.MaxAgeDays,
        s.ResponseRateThreshold, s.RequireApprovalForRatings, s.RequireApprovalKeywords, s.UpdatedAt);

    public static AutoReplyRuleView ToView(AutoReplyRule r) => new(
        r.Id, r.Name, r.Enabled, r.Priority,
        new RuleConditionsView(
            r.RatingOperator is null ? null : new RatingConditionView(r.RatingOperator, r.RatingValue, r.RatingMin, r.RatingMax),
            r.Sources.Count == 0 ? null : r.Sources,
            r.Statuses.Count == 0 ? null : r.Statuses,
            r.Keywords.Count == 0 ? null : r.Keywords),
        new RuleScheduleView(r.ScheduleType, r.DelayMinutes,
            r.WindowStart is not null && r.WindowEnd is not null ? new TimeWindowView(r.WindowStart, r.WindowEnd) : null, r.WeekdaysOnly),
        new TemplateSelectionView(r.TemplateStrategy, r.FallbackTemplateId),
        r.CreatedAt, r.UpdatedAt);

    public static EvaluationView ToView(AutoReplyEvaluation e) => new(
        e.Id, e.ItemId, e.ItemType, e.Trigger, e.Outcome, e.Summary, e.RuleId, e.TemplateId, e.EntryId, e.EvaluatedAt, e.RecheckAt, ReadTrace(e.Trace));

    public static string WriteTrace(IReadOnlyList<TraceStep> steps) => JsonSerializer.Serialize(steps, TraceJson);

    public static IReadOnlyList<TraceStep> ReadTrace(string json) =>
        JsonSerializer.Deserialize<List<TraceStep>>(json, TraceJson) ?? [];
}

/// <summary>In-process feed of auto-reply changes, so open admin pages refresh at once (other instances' pages refresh on their timer).</summary>
public sealed class AutoReplyLiveFeed
{
    public event Action<string, string, AutoReplyHistoryView>? Changed;

    public void Publish(string workspaceId, string eventName, AutoReplyHistoryView view) => Changed?.Invoke(workspaceId, eventName, view);
}

/// <summary>Tells the workspace's clients (SignalR) and open admin pages that an auto-reply changed.</summary>
internal sealed class AutoReplyNotifier(IWorkspaceEvents events, AutoReplyLiveFeed feed)
{
    public async Task PublishAsync(string eventName, AutoReplyEntry entry, CancellationToken cancellationToken)
    {
        var view = AutoReplyViews.ToView(entry);
        feed.Publish(entry.WorkspaceId, eventName, view);
        await events.PublishAsync(entry.WorkspaceId, eventName, view, cancellationToken);
    }
}

/// <summary>Runs the dispatcher job now (when this instance runs the scheduler): a reply that became due at once is not left for the next tick.</summary>
public sealed partial class AutoReplyNudge(ISchedulerFactory schedulers, ILogger<AutoReplyNudge> logger)
{
    public async Task NudgeAsync()
    {
        try
        {
            var scheduler = await schedulers.GetScheduler();
            if (scheduler.Status == SchedulerStatus.Running)
            {
                await scheduler.TriggerJob(AutoReplyDispatchJob.Key);
            }
        }
        catch (SchedulerException e)
        {
            // The periodic run picks the entry up anyway.
            LogNudgeFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not nudge the auto-reply dispatcher: {Reason}")]
    private static partial void LogNudgeFailed(ILogger logger, string reason);
}
