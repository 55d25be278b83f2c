using System.Globalization;
using Parley.Features.Templates;

namespace Parley.Features.AutoReply;

/// <summary>Everything one evaluation needs, loaded beforehand: the evaluation itself touches no database.</summary>
public sealed record EvaluationInput(
    AutoReplyItem Item,
    CompiledSettings Settings,
    IReadOnlyList<CompiledRule> Rules,
    TemplateCatalog Templates,
    EvaluationFacts Facts,
    DateTime NowUtc,
    TimeZoneInfo Zone,
    TimeSpan RecheckAfter,
    string? TestRuleId = null);

/// <summary>
/// Decides, for one item, whether and how to auto-reply, and writes down why at every step. The engine and the rule tester
/// both call <see cref="Evaluate"/>; the tester only narrows the rules to the one tested and reports the gates instead of
/// stopping at them. Gates, in order: enabled, already answered, already auto-replied, age, (feedback) email known, response
/// rate, cooldown. Then the rules by priority: the first whose conditions hold and which can fill a template wins.
/// </summary>
public sealed class AutoReplyEvaluator(TemplateRenderer renderer)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public EvaluationResult Evaluate(EvaluationInput input)
    {
        var steps = new List<TraceStep>(input.Rules.Count + 10);
        var testing = input.TestRuleId is not null;
        var blocked = new List<string>();
        var gate = Gates(input, steps);
        if (gate is not null)
        {
            if (!testing)
            {
                return new EvaluationResult
                {
                    Outcome = gate.Value.Outcome,
                    Summary = gate.Value.Summary,
                    Steps = steps,
                    RecheckAt = gate.Value.Outcome == EvaluationOutcomes.ResponseRate ? input.NowUtc + input.RecheckAfter : null,
                };
            }

            blocked.AddRange(steps.Where(s => s.Result == TraceResults.Blocked).Select(s => s.Detail));
        }

        var text = new MatchableText(input.Item.Content);
        var conditionsMatched = false;
        var anyMatched = false;
        foreach (var rule in input.Rules)
        {
            if (testing && rule.Id != input.TestRuleId)
            {
                continue;
            }

            if (!rule.Rule.Enabled && !testing)
            {
                steps.Add(new TraceStep("rule", TraceResults.Skipped, "The rule is switched off.", rule.Id, rule.Name));
                continue;
            }

            var conditions = Conditions(rule, input.Item, text, out var holds);
            if (!holds)
            {
                steps.Add(new TraceStep("rule", TraceResults.Failed, "A condition does not hold.", rule.Id, rule.Name, Conditions: conditions));
                continue;
            }

            conditionsMatched = true;
            anyMatched = true;
            var choice = ChooseTemplate(rule, input, steps);
            if (choice is null)
            {
                steps.Add(new TraceStep("rule", TraceResults.Failed,
                    "The conditions hold, but no template could be filled completely from this item's data; the next rule is tried.",
                    rule.Id, rule.Name, Conditions: conditions));
                continue;
            }

            steps.Add(new TraceStep("rule", TraceResults.Matched, "All conditions hold: this rule answers.", rule.Id, rule.Name, Conditions: conditions));
            var (template, content) = choice.Value;
            steps.Add(new TraceStep("template", TraceResults.Chosen, $"Template \"{template.Name}\" ({StrategyLabel(rule.Rule.TemplateStrategy)}).",
                rule.Id, rule.Name, template.Id));
            var reasons = ApprovalReasons(input, text, out var approvalDetail);
            steps.Add(new TraceStep("approval", reasons.Count > 0 ? TraceResults.Blocked : TraceResults.Passed, approvalDetail));
            var due = ScheduleCalculator.DueAt(rule.Schedule, input.NowUtc, input.Zone);
            steps.Add(new TraceStep("schedule", TraceResults.Info, ScheduleDetail(rule.Schedule, due, input.NowUtc, input.Zone)));
            var outcome = reasons.Count > 0 ? EvaluationOutcomes.AwaitingApproval : EvaluationOutcomes.Queued;
            return new EvaluationResult
            {
                Outcome = outcome,
                Summary = outcome == EvaluationOutcomes.AwaitingApproval
                    ? $"Rule \"{rule.Name}\" answers with template \"{template.Name}\"; the reply waits for approval."
                    : $"Rule \"{rule.Name}\" answers with template \"{template.Name}\"; due {Local(due, input.Zone)}.",
                Steps = steps,
                Rule = rule,
                Template = template,
                Content = content,
                RequiresApproval = reasons.Count > 0,
                ApprovalReasons = reasons,
                DueAt = due,
                ConditionsMatched = true,
                BlockedBy = blocked,
            };
        }

        if (testing && !input.Rules.Any(r => r.Id == input.TestRuleId))
        {
            steps.Add(new TraceStep("rule", TraceResults.Failed, "The rule does not exist."));
        }

        return new EvaluationResult
        {
            Outcome = anyMatched ? EvaluationOutcomes.NoTemplate : EvaluationOutcomes.NoRuleMatched,
            Summary = anyMatched
                ? "A rule matched, but none of its templates could be filled completely from this item's data."
                : input.Rules.Count == 0 ? "There are no auto-reply rules." : "No rule matched this item.",
            Steps = steps,
            ConditionsMatched = conditionsMatched,
            BlockedBy = blocked,
        };
    }

    private static (string Outcome, string Summary)? Gates(EvaluationInput input, List<TraceStep> steps)
    {
        var s = input.Settings.Settings;
        var item = input.Item;
        var review = item.Type == AutoReplyItemTypes.Review;
        (string, string)? first = null;

        // Only the wording that is shown is built: the engine writes this trace for every item.
        void Passed(string step, string detail) => steps.Add(new TraceStep(step, TraceResults.Passed, detail));

        void Blocked(string step, string outcome, string detail)
        {
            steps.Add(new TraceStep(step, TraceResults.Blocked, detail));
            first ??= (outcome, detail);
        }

        if (s.Enabled)
        {
            Passed("enabled", "Auto-replies are on.");
        }
        else
        {
            Blocked("enabled", EvaluationOutcomes.Disabled, "Auto-replies are switched off in the settings.");
            if (input.TestRuleId is null)
            {
                return first;
            }
        }

        if (!item.Answered)
        {
            Passed("answered", review ? "The review has no reply yet." : "The feedback has no reply yet.");
        }
        else
        {
            Blocked("answered", EvaluationOutcomes.AlreadyAnswered, review ? "The review already has a reply." : "The feedback already has a reply.");
        }

        if (input.Facts.ExistingEntryId is null)
        {
            Passed("existing", "No auto-reply exists for it yet.");
        }
        else
        {
            Blocked("existing", EvaluationOutcomes.AlreadyAutoReplied,
                $"Auto-reply {input.Facts.ExistingEntryId} ({input.Facts.ExistingEntryState}) already exists for this {(review ? "review" : "feedback")}.");
        }

        var ageDays = (input.NowUtc - item.Date).TotalDays;
        if (ageDays <= s.MaxAgeDays)
        {
            Passed("age", input.Settings.AgeWithinLimit(ageDays));
        }
        else
        {
            Blocked("age", EvaluationOutcomes.TooOld, $"Written {Days(ageDays)} ago; auto-replies only answer items up to {s.MaxAgeDays} days old.");
        }

        if (!review)
        {
            if (item.CustomerEmail is { } email && Platform.Errors.Validator.IsEmail(email))
            {
                Passed("email", "The customer left an email address for the reply.");
            }
            else
            {
                Blocked("email", EvaluationOutcomes.NoEmail, "The customer left no email address, so a reply could not reach them.");
            }
        }

        if (s.ResponseRateThreshold is not { } threshold)
        {
            Passed("response_rate", "No response-rate threshold is set.");
        }
        else
        {
            var rate = input.Facts.ResponseRatePercent ?? 0;
            var items = input.Facts.ResponseRateItems;
            if (rate < threshold)
            {
                Passed("response_rate",
                    $"The team answered {rate.ToString("0.#", Invariant)} % of {items} {(review ? "review" : "feedback")} items of the last 30 days, below the {threshold.ToString("0.#", Invariant)} % threshold.");
            }
            else
            {
                Blocked("response_rate", EvaluationOutcomes.ResponseRate,
                    $"The team answered {rate.ToString("0.#", Invariant)} % of {items} {(review ? "review" : "feedback")} items of the last 30 days (threshold {threshold.ToString("0.#", Invariant)} %): auto-replies pause while the team keeps up.");
            }
        }

        if (s.CooldownDays <= 0)
        {
            Passed("cooldown", "No cooldown is set.");
        }
        else if (input.Facts.Cooldown is not { } hit)
        {
            Passed("cooldown", input.Settings.NoCooldownHit);
        }
        else
        {
            Blocked("cooldown", EvaluationOutcomes.Cooldown,
                $"Auto-reply {hit.EntryId} went to the same customer (same {hit.MatchedBy}) on {Local(hit.CreatedAt, input.Zone)}, within the {s.CooldownDays}-day cooldown.");
        }

        return first;
    }

    /// <summary>
    /// The rule's conditions in order, up to the first that fails (the trace names it; later ones are not checked). The
    /// wording of each outcome is prepared once per rule and reused.
    /// </summary>
    private static TraceCondition[] Conditions(CompiledRule compiled, AutoReplyItem item, MatchableText text, out bool holds)
    {
        var rule = compiled.Rule;
        var list = new TraceCondition[compiled.ConditionCount];
        var n = 0;
        holds = true;
        if (rule.RatingOperator is { } op)
        {
            var ok = op switch
            {
                RatingOperators.Eq => item.Rating == rule.RatingValue,
                RatingOperators.Gte => item.Rating >= rule.RatingValue,
                RatingOperators.Lte => item.Rating <= rule.RatingValue,
                _ => item.Rating >= rule.RatingMin && item.Rating <= rule.RatingMax,
            };
            list[n++] = compiled.RatingCondition(item.Rating, ok);
            holds = ok;
        }

        if (holds && rule.Sources.Count > 0)
        {
            holds = rule.Sources.Contains(item.Source);
            list[n++] = compiled.SourceCondition(item.Source, holds);
        }

        if (holds && rule.Statuses.Count > 0)
        {
            holds = rule.Statuses.Contains(item.Status);
            list[n++] = compiled.StatusCondition(item.Status, holds);
        }

        if (holds && compiled.Keywords.Length > 0)
        {
            var found = -1;
            for (var k = 0; k < compiled.Keywords.Length && found < 0; k++)
            {
                if (compiled.Keywords[k].IsIn(text))
                {
                    found = k;
                }
            }

            holds = found >= 0;
            list[n++] = compiled.KeywordCondition(found);
        }

        if (compiled.ConditionCount == 0)
        {
            return CompiledRule.AnyCondition;
        }

        return n == list.Length ? list : list[..n];
    }

    private (CatalogTemplate Template, string Content)? ChooseTemplate(CompiledRule compiled, EvaluationInput input, List<TraceStep> steps)
    {
        var rule = compiled.Rule;
        var item = input.Item;
        var candidates = rule.TemplateStrategy == TemplateStrategies.FirstAvailable
            ? input.Templates.NearestTo(item.Rating)
            : input.Templates.ForRating(item.Rating);

        var fillable = new List<CatalogTemplate>();
        var considered = 0;
        foreach (var template in candidates)
        {
            considered++;
            var missing = Missing(template, item.Data, input.Zone);
            if (missing is not null)
            {
                steps.Add(new TraceStep("template", TraceResults.Skipped,
                    $"Template \"{template.Name}\" needs {missing}, which this item has no value for.", rule.Id, rule.Name, template.Id));
                continue;
            }

            fillable.Add(template);
            if (rule.TemplateStrategy != TemplateStrategies.Random)
            {
                break;
            }
        }

        if (fillable.Count > 0)
        {
            var chosen = rule.TemplateStrategy == TemplateStrategies.Random
                ? fillable[(int)(StableHash(item.Id, rule.Id) % (uint)fillable.Count)]
                : fillable[0];
            return (chosen, Fill(chosen, item.Data, input.Zone));
        }

        if (considered == 0)
        {
            steps.Add(new TraceStep("template", TraceResults.Skipped,
                rule.TemplateStrategy == TemplateStrategies.FirstAvailable
                    ? "There is no active template allowed in auto-replies."
                    : $"There is no active template allowed in auto-replies for rating {item.Rating}.", rule.Id, rule.Name));
        }

        if (rule.FallbackTemplateId is not { } fallbackId)
        {
            return null;
        }

        var fallback = input.Templates.Find(fallbackId);
        if (fallback is null || !fallback.Active)
        {
            steps.Add(new TraceStep("template", TraceResults.Skipped,
                fallback is null ? "The fallback template no longer exists." : $"The fallback template \"{fallback.Name}\" is not active.",
                rule.Id, rule.Name, fallbackId));
            return null;
        }

        var fallbackMissing = Missing(fallback, item.Data, input.Zone);
        if (fallbackMissing is not null)
        {
            steps.Add(new TraceStep("template", TraceResults.Skipped,
                $"The fallback template \"{fallback.Name}\" needs {fallbackMissing}, which this item has no value for.", rule.Id, rule.Name, fallback.Id));
            return null;
        }

        steps.Add(new TraceStep("template", TraceResults.Info, $"Using the rule's fallback template \"{fallback.Name}\".", rule.Id, rule.Name, fallback.Id));
        return (fallback, Fill(fallback, item.Data, input.Zone));
    }

    /// <summary>The renderer's text for complete data, through the template's plan (built on first use).</summary>
    private string Fill(CatalogTemplate template, TemplateData data, TimeZoneInfo zone) =>
        (template.Plan ??= new TemplatePlan(renderer, template.Content)).Fill(renderer, data, zone);

    /// <summary>The variables the data cannot fill ("@usluga, @pracownik"), or null when every one can be filled.</summary>
    private static string? Missing(CatalogTemplate template, TemplateData data, TimeZoneInfo zone)
    {
        List<string>? missing = null;
        foreach (var variable in template.Variables)
        {
            if (TemplateRenderer.ValueOf(variable, data, zone) is null)
            {
                (missing ??= []).Add("@" + variable);
            }
        }

        return missing is null ? null : string.Join(", ", missing);
    }

    private static List<string> ApprovalReasons(EvaluationInput input, MatchableText text, out string detail)
    {
        var s = input.Settings;
        var reasons = new List<string>(2);
        var words = new List<string>(2);
        if (s.Settings.RequireApproval)
        {
            reasons.Add(ApprovalReason.Always);
            words.Add("every auto-reply needs approval");
        }

        if (s.Settings.RequireApprovalForRatings.Contains(input.Item.Rating))
        {
            reasons.Add(ApprovalReason.Rating(input.Item.Rating));
            words.Add($"rating {input.Item.Rating} needs approval");
        }

        if (Array.Find(s.ApprovalKeywords, k => k.IsIn(text)) is { } keyword)
        {
            reasons.Add(ApprovalReason.Keyword(keyword.Original));
            words.Add($"the text mentions \"{keyword.Original}\"");
        }

        detail = reasons.Count == 0 ? "No approval needed: sent on schedule." : "Waits for approval: " + string.Join("; ", words) + ".";
        return reasons;
    }

    private static string ScheduleDetail(ScheduleSpec schedule, DateTime due, DateTime now, TimeZoneInfo zone)
    {
        var what = schedule.Type switch
        {
            ScheduleTypes.Delayed => $"Delayed by {schedule.DelayMinutes} min",
            ScheduleTypes.Scheduled when schedule.HasWindow => $"Window {schedule.WindowStart:HH\\:mm}–{schedule.WindowEnd:HH\\:mm}",
            _ => "Immediate",
        };
        if (schedule.WeekdaysOnly)
        {
            what += ", weekdays only";
        }

        return due <= now ? $"{what}: due now." : $"{what}: due {Local(due, zone)} ({zone.Id}).";
    }

    private static string StrategyLabel(string strategy) => strategy switch
    {
        TemplateStrategies.Random => "random among the fillable templates for the rating",
        TemplateStrategies.FirstAvailable => "first fillable template, nearest rating first",
        _ => "first fillable template for the rating",
    };

    public static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm", Invariant);

    private static string Days(double days) =>
        days < 1 ? "today" : days < 2 ? "1 day" : $"{Math.Floor(days).ToString(Invariant)} days";

    /// <summary>FNV-1a over both ids: the same item and rule always pick the same template, different items spread.</summary>
    private static uint StableHash(string a, string b)
    {
        var hash = 2166136261u;
        foreach (var c in a)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ '|') * 16777619u;
        foreach (var c in b)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}

/// <summary>Why an entry waits for approval, as stored: <c>require_approval</c>, <c>rating:2</c>, <c>keyword:reklamacja</c>.</summary>
public static class ApprovalReason
{
    public const string Always = "require_approval";

    public static string Rating(int rating) => "rating:" + rating.ToString(CultureInfo.InvariantCulture);

    public static string Keyword(string keyword) => "keyword:" + keyword;
}
