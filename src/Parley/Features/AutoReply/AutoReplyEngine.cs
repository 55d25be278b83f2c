using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Feedback;
using Parley.Features.Reviews;
using Parley.Features.Templates;
using Parley.Platform.Tenancy;

namespace Parley.Features.AutoReply;

/// <summary>
/// Evaluates items of the current workspace: loads what <see cref="AutoReplyEvaluator"/> needs (settings, rules, templates,
/// the customer's earlier auto-replies, the team's response rate), runs it, and stores the evaluation with its trace and —
/// when it answers — the entry (and approval emails) in one transaction. The entry's unique keys make a repeated or
/// concurrent evaluation of the same item a no-op.
/// </summary>
public sealed partial class AutoReplyEngine(
    ParleyDb db,
    IWorkspaceContext current,
    IServiceProvider services,
    AutoReplyEvaluator evaluator,
    TemplateRenderer renderer,
    AutoReplyApprovalMail approvalMail,
    AutoReplyNudge nudge,
    IOptions<AutoReplyOptions> options,
    TimeProvider clock,
    ILogger<AutoReplyEngine> logger)
{
    private TimeZoneInfo? _zone;

    private AutoReplyItems Items => services.GetRequiredService<AutoReplyItems>();

    private AutoReplyNotifier Notifier => services.GetRequiredService<AutoReplyNotifier>();

    /// <summary>The workspace's settings, or the defaults when it never saved any.</summary>
    public async Task<AutoReplySettings> SettingsAsync(CancellationToken cancellationToken) =>
        await db.Set<AutoReplySettings>().AsNoTracking().FirstOrDefaultAsync(cancellationToken)
        ?? new AutoReplySettings { WorkspaceId = current.WorkspaceId! };

    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken) =>
        _zone ??= ScheduleCalculator.Zone(await db.Workspaces.AsNoTracking().Where(w => w.Id == current.WorkspaceId)
            .Select(w => w.TimeZone).FirstOrDefaultAsync(cancellationToken));

    /// <summary>
    /// Evaluates an item for an event (<see cref="EvaluationTriggers"/>) and stores the result. An item already evaluated is
    /// left alone unless the trigger is a recheck; nothing happens while auto-replies are off. Returns the stored entry, if any.
    /// </summary>
    public Task<AutoReplyEntry?> EvaluateAsync(string itemType, string itemId, string trigger, CancellationToken cancellationToken) =>
        EvaluateAsync(itemType, itemId, trigger, null, cancellationToken);

    /// <summary>As above, with the workspace's rules and templates already loaded (<see cref="CatalogAsync"/>) for a batch.</summary>
    public async Task<AutoReplyEntry?> EvaluateAsync(string itemType, string itemId, string trigger, EvaluationCatalog? catalog, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(cancellationToken);
        if (!settings.Enabled)
        {
            return null;
        }

        if (trigger != EvaluationTriggers.Recheck &&
            await db.Set<AutoReplyEvaluation>().AnyAsync(e => e.ItemType == itemType && e.ItemId == itemId, cancellationToken))
        {
            return null; // a repeated event
        }

        var item = await Items.GetAsync(itemType, itemId, cancellationToken);
        if (item is null)
        {
            return null;
        }

        // Answered or old items (a CSV of last year's reviews) are not worth a stored evaluation; "why no auto-reply?" explains them on demand.
        if (trigger is EvaluationTriggers.Created or EvaluationTriggers.Imported or EvaluationTriggers.Synced &&
            (item.Answered || (clock.GetUtcNow().UtcDateTime - item.Date).TotalDays > settings.MaxAgeDays))
        {
            return null;
        }

        var input = await BuildInputAsync(item, settings, null, catalog, cancellationToken);
        var result = evaluator.Evaluate(input);
        return await StoreAsync(item, settings, input, result, trigger, cancellationToken);
    }

    /// <summary>Evaluates without storing anything: the rule tester (one rule, gates reported) and "why no auto-reply?".</summary>
    public async Task<(AutoReplyItem Item, EvaluationResult Result)?> DryRunAsync(string itemType, string itemId, string? testRuleId, CancellationToken cancellationToken)
    {
        var item = await Items.GetAsync(itemType, itemId, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var settings = await SettingsAsync(cancellationToken);
        var input = await BuildInputAsync(item, settings, testRuleId, null, cancellationToken);
        return (item, evaluator.Evaluate(input));
    }

    /// <summary>The workspace's rules (in evaluation order) and templates, loaded once for a batch of evaluations.</summary>
    public async Task<EvaluationCatalog> CatalogAsync(CancellationToken cancellationToken)
    {
        var rules = (await db.Set<AutoReplyRule>().AsNoTracking().OrderBy(r => r.Priority).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken)).Select(r => new CompiledRule(r)).ToList();
        var templates = (await services.GetRequiredService<TemplateService>().ListAsync(null, null, cancellationToken))
            .Select(t => new CatalogTemplate(t.Id, t.Name, t.Content, t.Rating, t.Active, t.AutoReply, t.CreatedAt, renderer.UsedVariables(t.Content)))
            .ToList();
        return new EvaluationCatalog(rules, new TemplateCatalog(templates));
    }

    internal async Task<EvaluationInput> BuildInputAsync(AutoReplyItem item, AutoReplySettings settings, string? testRuleId, EvaluationCatalog? catalog,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await ZoneAsync(cancellationToken);
        catalog ??= await CatalogAsync(cancellationToken);
        var facts = await FactsAsync(item, settings, now, cancellationToken);
        return new EvaluationInput(item, new CompiledSettings(settings), catalog.Rules, catalog.Templates, facts, now, zone,
            TimeSpan.FromMinutes(options.Value.RecheckMinutes), testRuleId);
    }

    private async Task<EvaluationFacts> FactsAsync(AutoReplyItem item, AutoReplySettings settings, DateTime now, CancellationToken cancellationToken)
    {
        var entries = db.Set<AutoReplyEntry>().AsNoTracking();
        var existing = await entries.Where(e => e.LiveKey == item.LiveKey).Select(e => new { e.Id, e.State }).FirstOrDefaultAsync(cancellationToken);

        CooldownHit? cooldown = null;
        if (settings.CooldownDays > 0)
        {
            var since = now.AddDays(-settings.CooldownDays);
            var (email, phone, author) = (item.CustomerEmail, item.CustomerPhone, item.CustomerAuthor);
            var earlier = await entries
                .Where(e => e.CreatedAt >= since && e.LiveKey != null && e.LiveKey != item.LiveKey &&
                            ((email != null && e.CustomerEmail == email) || (phone != null && e.CustomerPhone == phone) ||
                             (author != null && e.CustomerAuthor == author)))
                .OrderByDescending(e => e.CreatedAt)
                .Select(e => new { e.Id, e.CreatedAt, e.CustomerEmail, e.CustomerPhone })
                .FirstOrDefaultAsync(cancellationToken);
            if (earlier is not null)
            {
                var by = email is not null && earlier.CustomerEmail == email ? "email"
                    : phone is not null && earlier.CustomerPhone == phone ? "phone"
                    : "name on the same platform";
                cooldown = new CooldownHit(earlier.Id, earlier.CreatedAt, by);
            }
        }

        double? rate = null;
        var total = 0;
        if (settings.ResponseRateThreshold is not null)
        {
            (rate, total) = await ResponseRateAsync(item.Type, now, cancellationToken);
        }

        return new EvaluationFacts(existing?.Id, existing?.State, cooldown, rate, total);
    }

    /// <summary>
    /// Share of the items written in the last 30 days that a person answered (auto-replies do not count): the engine steps
    /// back while the team keeps up on its own. Read with counting queries on the reviews and feedback tables.
    /// </summary>
    public async Task<(double Percent, int Items)> ResponseRateAsync(string itemType, DateTime now, CancellationToken cancellationToken)
    {
        var since = now.AddDays(-30);
        int total, answered;
        if (itemType == AutoReplyItemTypes.Review)
        {
            var reviews = db.Set<Review>().AsNoTracking().Where(r => r.Date >= since);
            total = await reviews.CountAsync(cancellationToken);
            answered = total == 0 ? 0 : await reviews.CountAsync(r => r.Status == ReviewStatuses.Answered, cancellationToken);
        }
        else
        {
            var feedback = db.Set<InterceptedFeedback>().AsNoTracking().Where(f => f.Date >= since);
            total = await feedback.CountAsync(cancellationToken);
            answered = total == 0 ? 0 : await feedback.CountAsync(f => f.Status == FeedbackStatuses.Replied, cancellationToken);
        }

        if (total == 0)
        {
            return (0, 0);
        }

        var automatic = await db.Set<AutoReplyEntry>().AsNoTracking()
            .CountAsync(e => e.ItemType == itemType && e.State == EntryStates.Sent && e.ItemDate >= since, cancellationToken);
        return (Math.Max(0, answered - automatic) * 100.0 / total, total);
    }

    private async Task<AutoReplyEntry?> StoreAsync(AutoReplyItem item, AutoReplySettings settings, EvaluationInput input, EvaluationResult result,
        string trigger, CancellationToken cancellationToken)
    {
        var now = input.NowUtc;
        if (result.Outcome == EvaluationOutcomes.AlreadyAutoReplied)
        {
            return null; // nothing new to record: the item's auto-reply and its evaluation exist
        }

        var evaluation = new AutoReplyEvaluation
        {
            WorkspaceId = current.WorkspaceId!,
            ItemType = item.Type,
            ItemId = item.Id,
            Trigger = trigger,
            Outcome = result.Outcome,
            Summary = Truncate(result.Summary, 1000),
            RuleId = result.Rule?.Id,
            TemplateId = result.Template?.Id,
            Trace = AutoReplyViews.WriteTrace(result.Steps),
            RecheckAt = result.RecheckAt,
            EvaluatedAt = now,
        };
        AutoReplyEntry? entry = null;
        if (result.CreatesEntry)
        {
            entry = new AutoReplyEntry
            {
                WorkspaceId = current.WorkspaceId!,
                ItemType = item.Type,
                ItemId = item.Id,
                Source = item.Source,
                Rating = item.Rating,
                ItemDate = item.Date,
                RuleId = result.Rule!.Id,
                RuleName = result.Rule.Name,
                TemplateId = result.Template!.Id,
                TemplateName = result.Template.Name,
                Content = result.Content!,
                GeneratedContent = result.Content!,
                State = result.RequiresApproval ? EntryStates.AwaitingApproval : EntryStates.Scheduled,
                LiveKey = item.LiveKey,
                RequiresApproval = result.RequiresApproval,
                ApprovalReasons = [.. result.ApprovalReasons],
                DueAt = result.DueAt!.Value,
                Schedule = result.Rule.Schedule.ToStorage(),
                IdempotencyKey = "ar_" + Platform.Ids.New(),
                CustomerEmail = item.CustomerEmail,
                CustomerPhone = item.CustomerPhone,
                CustomerAuthor = item.CustomerAuthor,
                EvaluationId = evaluation.Id,
                CreatedAt = now,
                UpdatedAt = now,
            };
            evaluation.EntryId = entry.Id;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // An item evaluated again (recheck) keeps only the newest pending recheck.
            await db.Set<AutoReplyEvaluation>().Where(e => e.ItemType == item.Type && e.ItemId == item.Id && e.RecheckAt != null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.RecheckAt, (DateTime?)null), cancellationToken);
            db.Add(evaluation);
            if (entry is not null)
            {
                db.Add(entry);
                if (entry.RequiresApproval && settings.EmailNotifications)
                {
                    await approvalMail.AddAsync(entry, item, cancellationToken);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (entry is not null)
        {
            // Another evaluation of the same item stored its auto-reply first (unique item keys): this one is a no-op.
            db.ChangeTracker.Clear();
            if (await db.Set<AutoReplyEntry>().AnyAsync(x => x.LiveKey == item.LiveKey ||
                    (x.ItemType == item.Type && x.ItemId == item.Id && x.RuleId == entry.RuleId), cancellationToken))
            {
                LogConcurrentEvaluation(logger, item.Type, item.Id);
                return null;
            }

            throw new InvalidOperationException("Storing the auto-reply failed.", e);
        }

        db.ChangeTracker.Clear();
        if (entry is not null)
        {
            await Notifier.PublishAsync(AutoReplyEvents.Created, entry, cancellationToken);
            if (entry.State == EntryStates.Scheduled && entry.DueAt <= now)
            {
                await nudge.NudgeAsync();
            }
        }

        return entry;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "{ItemType} {ItemId} was evaluated twice at once; the second evaluation was a no-op")]
    private static partial void LogConcurrentEvaluation(ILogger logger, string itemType, string itemId);
}

/// <summary>Rules and templates of a workspace, shared by the evaluations of one batch (an import, a sweep).</summary>
public sealed record EvaluationCatalog(IReadOnlyList<CompiledRule> Rules, TemplateCatalog Templates);
