using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Templates;
using Parley.Platform;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.AutoReply;

/// <summary>Auto-reply settings, rules, history (approve / cancel / retry), statistics, evaluations and the rule tester of the current workspace.</summary>
public sealed class AutoReplyService(
    ParleyDb db,
    IWorkspaceContext current,
    AutoReplyEngine engine,
    AutoReplyDispatcher dispatcher,
    IServiceProvider services,
    TemplateRenderer renderer,
    IOptions<AutoReplyOptions> options,
    TimeProvider clock)
{
    public const string NoMatchMessage = "Reguła nie pasuje do wybranej opinii";
    public const string NoTemplateMessage = "Reguła pasuje do wybranej opinii, ale żaden szablon nie może zostać w pełni wypełniony jej danymi";

    private AutoReplyNotifier Notifier => services.GetRequiredService<AutoReplyNotifier>();

    /// <summary>The current workspace (admin pages filter the live feed by it).</summary>
    public string? WorkspaceId => current.WorkspaceId;

    // ---- settings

    public async Task<AutoReplySettingsView> GetSettingsAsync(CancellationToken cancellationToken) =>
        AutoReplyViews.ToView(await engine.SettingsAsync(cancellationToken));

    public async Task<AutoReplySettingsView> UpdateSettingsAsync(AutoReplySettingsRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = await db.Set<AutoReplySettings>().FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new AutoReplySettings { WorkspaceId = current.WorkspaceId! };
            db.Add(settings);
        }

        if (request.Enabled!.Value && !settings.Enabled)
        {
            settings.EnabledAt = now;
        }

        settings.Enabled = request.Enabled.Value;
        settings.RequireApproval = request.RequireApproval!.Value;
        settings.EmailNotifications = request.EmailNotifications!.Value;
        settings.ApprovalTimeoutHours = request.ApprovalTimeoutHours!.Value;
        settings.DailyLimit = request.DailyLimit!.Value;
        settings.CooldownDays = request.CooldownDays!.Value;
        settings.MaxAgeDays = request.MaxAgeDays!.Value;
        settings.ResponseRateThreshold = request.ResponseRateThreshold;
        settings.RequireApprovalForRatings = [.. (request.RequireApprovalForRatings ?? []).Order()];
        settings.RequireApprovalKeywords = [.. (request.RequireApprovalKeywords ?? []).Select(k => k.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        settings.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two first saves at once: the other one created the row; apply this request over it.
            db.ChangeTracker.Clear();
            return await UpdateSettingsAsync(request, cancellationToken);
        }

        db.ChangeTracker.Clear(); // admin pages keep one context for a whole circuit
        return AutoReplyViews.ToView(settings);
    }

    // ---- rules

    public async Task<IReadOnlyList<AutoReplyRuleView>> ListRulesAsync(CancellationToken cancellationToken) =>
        (await db.Set<AutoReplyRule>().AsNoTracking().OrderBy(r => r.Priority).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken))
        .Select(AutoReplyViews.ToView).ToList();

    public async Task<AutoReplyRuleView?> GetRuleAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<AutoReplyRule>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } rule ? AutoReplyViews.ToView(rule) : null;

    public async Task<AutoReplyRuleView> CreateRuleAsync(AutoReplyRuleRequest request, CancellationToken cancellationToken)
    {
        if (await db.Set<AutoReplyRule>().CountAsync(cancellationToken) >= AutoReplyLimits.MaxRules)
        {
            throw new ApiException(400, ErrorCodes.Validation, $"A workspace may have at most {AutoReplyLimits.MaxRules} auto-reply rules.",
                new Dictionary<string, string[]> { ["name"] = [$"At most {AutoReplyLimits.MaxRules} rules."] });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var last = await db.Set<AutoReplyRule>().MaxAsync(r => (int?)r.Priority, cancellationToken);
        var rule = new AutoReplyRule { WorkspaceId = current.WorkspaceId!, Name = "", CreatedAt = now, Priority = request.Priority ?? (last is null ? 10 : last.Value + 10) };
        await ApplyAsync(rule, request, now, cancellationToken);
        db.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return AutoReplyViews.ToView(rule);
    }

    public async Task<AutoReplyRuleView?> UpdateRuleAsync(string id, AutoReplyRuleRequest request, CancellationToken cancellationToken)
    {
        var rule = await db.Set<AutoReplyRule>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return null;
        }

        await ApplyAsync(rule, request, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (request.Priority is { } priority)
        {
            rule.Priority = priority;
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return AutoReplyViews.ToView(rule);
    }

    /// <summary>Deletes the rule; its auto-replies stay in the history (they keep the rule's name).</summary>
    public async Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<AutoReplyRule>().Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;

    private async Task ApplyAsync(AutoReplyRule rule, AutoReplyRuleRequest request, DateTime now, CancellationToken cancellationToken)
    {
        var fallback = request.TemplateSelection!.FallbackTemplateId;
        if (!string.IsNullOrEmpty(fallback) && await services.GetRequiredService<TemplateService>().GetAsync(fallback, cancellationToken) is null)
        {
            throw new ApiException(400, ErrorCodes.Validation, "The fallback template does not exist in this workspace.",
                new Dictionary<string, string[]> { ["template_selection.fallback_template_id"] = ["No template with this id."] });
        }

        var conditions = request.Conditions!;
        var schedule = request.Schedule!;
        rule.Name = request.Name!.Trim();
        rule.Enabled = request.Enabled ?? true;
        rule.RatingOperator = conditions.Rating?.Operator;
        var between = conditions.Rating?.Operator == RatingOperators.Between;
        rule.RatingValue = conditions.Rating is null || between ? null : conditions.Rating.Value;
        rule.RatingMin = between ? conditions.Rating!.Min : null;
        rule.RatingMax = between ? conditions.Rating!.Max : null;
        rule.Sources = [.. (conditions.Source ?? []).Distinct()];
        rule.Statuses = [.. (conditions.Status ?? []).Distinct()];
        rule.Keywords = [.. (conditions.Keywords ?? []).Select(k => k.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        rule.ScheduleType = schedule.Type!;
        // Stored normalised: a delay only for delayed rules, a window only for scheduled ones (the response shows what is kept).
        rule.DelayMinutes = schedule.Type == ScheduleTypes.Delayed ? schedule.DelayMinutes ?? 0 : 0;
        rule.WindowStart = schedule.Type == ScheduleTypes.Scheduled ? schedule.TimeWindow?.Start : null;
        rule.WindowEnd = schedule.Type == ScheduleTypes.Scheduled ? schedule.TimeWindow?.End : null;
        rule.WeekdaysOnly = schedule.WeekdaysOnly ?? false;
        rule.TemplateStrategy = request.TemplateSelection.Strategy!;
        rule.FallbackTemplateId = string.IsNullOrEmpty(fallback) ? null : fallback;
        rule.UpdatedAt = now;
    }

    // ---- history

    public async Task<(IReadOnlyList<AutoReplyHistoryView> Items, int Total)> ListHistoryAsync(HistoryQuery query, Page page, CancellationToken cancellationToken)
    {
        var entries = db.Set<AutoReplyEntry>().AsNoTracking();
        entries = Filter(query.Status) switch
        {
            HistoryStatuses.Pending => entries.Where(e => e.State == EntryStates.AwaitingApproval || e.State == EntryStates.Scheduled || e.State == EntryStates.Sending),
            { } status => entries.Where(e => e.State == status),
            null => entries,
        };
        if (Filter(query.State) is { } state)
        {
            entries = entries.Where(e => e.State == state);
        }

        if (Filter(query.ReviewType) is { } type)
        {
            entries = entries.Where(e => e.ItemType == type);
        }

        if (query.RuleId is { Length: > 0 } ruleId)
        {
            entries = entries.Where(e => e.RuleId == ruleId);
        }

        if (query.ReviewId is { Length: > 0 } itemId)
        {
            entries = entries.Where(e => e.ItemId == itemId);
        }

        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Apply(page).ToListAsync(cancellationToken);
        return (items.Select(AutoReplyViews.ToView).ToList(), total);
    }

    public async Task<AutoReplyHistoryView?> GetHistoryAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<AutoReplyEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken) is { } e ? AutoReplyViews.ToView(e) : null;

    /// <summary>
    /// Approves a reply waiting for approval, with an optional edit (variables in it are filled from the item). A reply whose
    /// schedule allows sending now is delivered before this returns; otherwise it stays <c>pending</c> until <c>due_at</c>.
    /// </summary>
    public async Task<ApproveResult?> ApproveAsync(string id, string? editedContent, CancellationToken cancellationToken)
    {
        var entry = await db.Set<AutoReplyEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        if (entry.State != EntryStates.AwaitingApproval)
        {
            throw NotInState(entry, AutoReplyErrors.NotAwaitingApproval, "Only a reply that waits for approval can be approved");
        }

        var content = editedContent is null ? entry.Content : await RenderEditAsync(entry, editedContent, cancellationToken);
        var actor = current.UserId ?? current.ApiKeyId;
        if (!await ApproveCoreAsync(entry, content, actor, automatic: false, cancellationToken))
        {
            var now = await db.Set<AutoReplyEntry>().AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
            throw NotInState(now, AutoReplyErrors.NotAwaitingApproval, "Only a reply that waits for approval can be approved");
        }

        await dispatcher.DispatchOneAsync(id, cancellationToken);
        var stored = await db.Set<AutoReplyEntry>().AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
        return new ApproveResult(stored.Id, EntryStates.ToStatus(stored.State), stored.Content, stored.SentAt, stored.ApprovedAt, stored.ApprovedBy,
            stored.State, stored.DueAt, stored.ErrorMessage);
    }

    /// <summary>Approves (by a person, or automatically after the timeout); false when the entry no longer waits for approval.</summary>
    internal async Task<bool> ApproveCoreAsync(AutoReplyEntry entry, string content, string? actor, bool automatic, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await engine.ZoneAsync(cancellationToken);
        var due = ScheduleCalculator.NextAllowed(ScheduleSpec.FromStorage(entry.Schedule), entry.DueAt > now ? entry.DueAt : now, zone);
        var written = await db.Set<AutoReplyEntry>().Where(e => e.Id == entry.Id && e.State == EntryStates.AwaitingApproval)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Scheduled)
                .SetProperty(e => e.Content, content)
                .SetProperty(e => e.ApprovedAt, now)
                .SetProperty(e => e.ApprovedBy, actor)
                .SetProperty(e => e.AutoApproved, automatic)
                .SetProperty(e => e.DueAt, due)
                .SetProperty(e => e.Note, automatic ? "Approved automatically: nobody decided within the approval timeout." : null)
                .SetProperty(e => e.UpdatedAt, now), cancellationToken);
        if (written != 1)
        {
            return false;
        }

        var stored = await db.Set<AutoReplyEntry>().AsNoTracking().FirstAsync(e => e.Id == entry.Id, cancellationToken);
        await Notifier.PublishAsync(AutoReplyEvents.Approved, stored, cancellationToken);
        return true;
    }

    private async Task<string> RenderEditAsync(AutoReplyEntry entry, string edited, CancellationToken cancellationToken)
    {
        var item = await services.GetRequiredService<AutoReplyItems>().GetAsync(entry.ItemType, entry.ItemId, cancellationToken);
        var data = item?.Data ?? new TemplateData(null, null, null, null, entry.Rating, null, null, null, null);
        var rendered = renderer.Render(edited, data, await engine.ZoneAsync(cancellationToken));
        var v = new Validator();
        if (!rendered.IsComplete)
        {
            v.Add("edited_content", $"edited_content uses {string.Join(", ", rendered.MissingVariables.Select(m => "@" + m))}, which this {entry.ItemType} has no value for.");
        }
        else if (rendered.Text.Length == 0)
        {
            v.Add("edited_content", "edited_content has no text once markup is removed.");
        }
        else if (rendered.Text.Length > AutoReplyLimits.ContentMaxLength)
        {
            v.Add("edited_content", $"edited_content must be at most {AutoReplyLimits.ContentMaxLength} characters long.");
        }

        v.ThrowIfInvalid();
        return rendered.Text;
    }

    public async Task<CancelResult?> CancelAsync(string id, CancellationToken cancellationToken)
    {
        var entry = await db.Set<AutoReplyEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var written = await db.Set<AutoReplyEntry>()
            .Where(e => e.Id == id && (e.State == EntryStates.AwaitingApproval || e.State == EntryStates.Scheduled))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Cancelled)
                .SetProperty(e => e.LiveKey, (string?)null)
                .SetProperty(e => e.CancelledAt, now)
                .SetProperty(e => e.CancelledBy, current.UserId ?? current.ApiKeyId)
                .SetProperty(e => e.CancelReason, "Cancelled by a person.")
                .SetProperty(e => e.Note, (string?)null)
                .SetProperty(e => e.UpdatedAt, now), cancellationToken);
        var stored = await db.Set<AutoReplyEntry>().AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
        if (written != 1)
        {
            throw stored.State == EntryStates.Sending
                ? NotInState(stored, AutoReplyErrors.InProgress, "The reply is being sent right now and can no longer be cancelled")
                : NotInState(stored, AutoReplyErrors.NotPending, "Only a pending reply can be cancelled");
        }

        await Notifier.PublishAsync(AutoReplyEvents.Cancelled, stored, cancellationToken);
        return new CancelResult(stored.Id, EntryStates.ToStatus(stored.State), stored.CancelledAt);
    }

    /// <summary>
    /// Sends a failed reply again (delivered before this returns when its schedule allows). Delivery inspects the item first:
    /// a reply that did reach the platform is recorded as sent, not sent twice.
    /// </summary>
    public async Task<RetryResult?> RetryAsync(string id, CancellationToken cancellationToken)
    {
        var entry = await db.Set<AutoReplyEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        if (entry.State != EntryStates.Failed)
        {
            throw NotInState(entry, AutoReplyErrors.NotFailed, "Only a failed reply can be retried");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var due = ScheduleCalculator.NextAllowed(ScheduleSpec.FromStorage(entry.Schedule), now, await engine.ZoneAsync(cancellationToken));
        var written = await db.Set<AutoReplyEntry>().Where(e => e.Id == id && e.State == EntryStates.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EntryStates.Scheduled)
                .SetProperty(e => e.DueAt, due)
                .SetProperty(e => e.Attempts, 0)
                .SetProperty(e => e.ErrorMessage, (string?)null)
                .SetProperty(e => e.Note, "Retried by a person.")
                .SetProperty(e => e.UpdatedAt, now), cancellationToken);
        if (written != 1)
        {
            var latest = await db.Set<AutoReplyEntry>().AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
            throw NotInState(latest, AutoReplyErrors.NotFailed, "Only a failed reply can be retried");
        }

        await dispatcher.DispatchOneAsync(id, cancellationToken);
        var stored = await db.Set<AutoReplyEntry>().AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
        return new RetryResult(stored.Id, EntryStates.ToStatus(stored.State), stored.SentAt, stored.ErrorMessage, stored.State, stored.DueAt);
    }

    private static ApiException NotInState(AutoReplyEntry entry, string code, string message) =>
        new(409, code, $"{message}; this one is {EntryStates.ToStatus(entry.State)} ({entry.State}).",
            new Dictionary<string, string[]> { ["status"] = [EntryStates.ToStatus(entry.State)], ["state"] = [entry.State] });

    // ---- statistics

    public async Task<AutoReplyStatsView> StatsAsync(CancellationToken cancellationToken)
    {
        var counts = await db.Set<AutoReplyEntry>().AsNoTracking()
            .GroupBy(e => new { e.State, e.ItemType, Google = e.Source == Reviews.ReviewSources.Google })
            .Select(g => new { g.Key.State, g.Key.ItemType, g.Key.Google, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(Func<string, bool> state) => counts.Where(c => state(c.State)).Sum(c => c.Count);
        var sent = Count(s => s == EntryStates.Sent);
        var pending = Count(s => s is EntryStates.AwaitingApproval or EntryStates.Scheduled or EntryStates.Sending);
        var failed = Count(s => s == EntryStates.Failed);
        var google = counts.Where(c => c.State == EntryStates.Sent && c.ItemType == AutoReplyItemTypes.Review && c.Google).Sum(c => c.Count);
        var feedback = counts.Where(c => c.State == EntryStates.Sent && c.ItemType == AutoReplyItemTypes.Feedback).Sum(c => c.Count);
        return new AutoReplyStatsView(sent, pending, failed, sent + pending + failed, google, feedback,
            Math.Round(sent * options.Value.MinutesPerReply / 60.0, 1, MidpointRounding.AwayFromZero));
    }

    // ---- explanations

    /// <summary>
    /// The stored evaluations of an item, newest first; null when the item does not exist. An item never evaluated (it arrived
    /// while auto-replies were off) gets one unsaved evaluation with <c>trigger: preview</c>: what the engine would decide now.
    /// </summary>
    public async Task<IReadOnlyList<EvaluationView>?> EvaluationsAsync(string itemType, string itemId, CancellationToken cancellationToken)
    {
        var stored = await db.Set<AutoReplyEvaluation>().AsNoTracking().Where(e => e.ItemType == itemType && e.ItemId == itemId)
            .OrderByDescending(e => e.EvaluatedAt).ThenByDescending(e => e.Id).Take(50).ToListAsync(cancellationToken);
        if (stored.Count > 0)
        {
            return stored.Select(AutoReplyViews.ToView).ToList();
        }

        var dry = await engine.DryRunAsync(itemType, itemId, null, cancellationToken);
        if (dry is null)
        {
            return null;
        }

        var (_, result) = dry.Value;
        return
        [
            new EvaluationView(null, itemId, itemType, "preview", result.Outcome,
                "Never evaluated (auto-replies were off when it arrived, or it came before they were switched on). Evaluated now: " + result.Summary,
                result.Rule?.Id, result.Template?.Id, null, clock.GetUtcNow().UtcDateTime, null, result.Steps),
        ];
    }

    /// <summary>Runs the engine's evaluation for one rule on one item, without storing anything; null when the item does not exist.</summary>
    public async Task<RuleTestResult?> TestRuleAsync(string ruleId, string itemType, string itemId, CancellationToken cancellationToken)
    {
        var dry = await engine.DryRunAsync(itemType, itemId, ruleId, cancellationToken);
        if (dry is null)
        {
            return null;
        }

        var (item, result) = dry.Value;
        if (!result.CreatesEntry)
        {
            return new RuleTestResult(false, null, null, null, result.ConditionsMatched ? NoTemplateMessage : NoMatchMessage,
                null, null, null, result.BlockedBy, result.Steps);
        }

        var (first, last) = item.Type == AutoReplyItemTypes.Review
            ? TemplateRenderer.SplitName(item.AuthorName)
            : (item.Data.FirstName, item.Data.LastName);
        var data = new RuleTestData(first ?? "", last ?? "", item.Email ?? "", item.Phone ?? "", item.Rating, item.Date,
            item.Data.ServiceName ?? "", item.Data.EmployeeName ?? "", item.Data.OrderNo ?? "", item.Source);
        return new RuleTestResult(true, new RuleTestTemplate(result.Template!.Id, result.Template.Name, result.Template.Content), result.Content, data,
            null, result.RequiresApproval, result.ApprovalReasons, result.DueAt, result.BlockedBy, result.Steps);
    }

    private static string? Filter(string? value) => string.IsNullOrEmpty(value) || value == "all" ? null : value;
}
