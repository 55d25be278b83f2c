using System.Text.RegularExpressions;
using Parley.Platform.Errors;

namespace Parley.Features.AutoReply;

/// <summary>
/// <c>PUT /auto-reply/settings</c>: the whole settings object. The optional fields left out (or null) mean "none":
/// no response-rate threshold, no rating and no keyword that forces approval.
/// </summary>
public sealed record AutoReplySettingsRequest(
    bool? Enabled,
    bool? RequireApproval,
    bool? EmailNotifications,
    int? ApprovalTimeoutHours,
    int? DailyLimit,
    int? CooldownDays,
    int? MaxAgeDays,
    double? ResponseRateThreshold,
    IReadOnlyList<int>? RequireApprovalForRatings,
    IReadOnlyList<string>? RequireApprovalKeywords) : IValidatable
{
    public void Validate(Validator v)
    {
        Require(v, "enabled", Enabled);
        Require(v, "require_approval", RequireApproval);
        Require(v, "email_notifications", EmailNotifications);
        Range(v, "approval_timeout_hours", ApprovalTimeoutHours, 0, AutoReplyLimits.MaxApprovalTimeoutHours, "0 = never");
        Range(v, "daily_limit", DailyLimit, 1, AutoReplyLimits.MaxDailyLimit, null);
        Range(v, "cooldown_days", CooldownDays, 0, AutoReplyLimits.MaxCooldownDays, "0 = no cooldown");
        Range(v, "max_age_days", MaxAgeDays, 1, AutoReplyLimits.MaxMaxAgeDays, null);
        if (ResponseRateThreshold is < 0 or > 100 || (ResponseRateThreshold is { } t && double.IsNaN(t)))
        {
            v.Add("response_rate_threshold", "response_rate_threshold must be a percentage from 0 to 100 (or null for none).");
        }

        if (RequireApprovalForRatings is { } ratings && (ratings.Any(r => r is < 1 or > 5) || ratings.Distinct().Count() != ratings.Count))
        {
            v.Add("require_approval_for_ratings", "require_approval_for_ratings must list distinct ratings from 1 to 5.");
        }

        RuleChecks.Keywords(v, "require_approval_keywords", RequireApprovalKeywords);
    }

    private static void Require(Validator v, string field, bool? value)
    {
        if (value is null)
        {
            v.Add(field, $"{field} is required (true or false).");
        }
    }

    private static void Range(Validator v, string field, int? value, int min, int max, string? hint)
    {
        if (value is null)
        {
            v.Add(field, $"{field} is required.");
        }
        else if (value < min || value > max)
        {
            v.Add(field, $"{field} must be a whole number from {min} to {max}{(hint is null ? "" : $" ({hint})")}.");
        }
    }
}

public sealed record RatingConditionRequest(string? Operator, int? Value, int? Min, int? Max);

public sealed record RuleConditionsRequest(RatingConditionRequest? Rating, IReadOnlyList<string>? Source, IReadOnlyList<string>? Status, IReadOnlyList<string>? Keywords);

public sealed record TimeWindowRequest(string? Start, string? End);

public sealed record RuleScheduleRequest(string? Type, int? DelayMinutes, TimeWindowRequest? TimeWindow, bool? WeekdaysOnly);

public sealed record TemplateSelectionRequest(string? Strategy, string? FallbackTemplateId);

/// <summary>
/// <c>POST /auto-reply/rules</c> and <c>PUT /auto-reply/rules/{id}</c>. <c>enabled</c> defaults to true; <c>priority</c>
/// (lower runs first) defaults to after the last rule on create and to the rule's current priority on update.
/// </summary>
public sealed record AutoReplyRuleRequest(
    string? Name,
    bool? Enabled,
    RuleConditionsRequest? Conditions,
    RuleScheduleRequest? Schedule,
    TemplateSelectionRequest? TemplateSelection,
    int? Priority) : IValidatable
{
    public void Validate(Validator v)
    {
        if (v.Required("name", Name))
        {
            v.Length("name", Name!.Trim(), 1, AutoReplyLimits.RuleNameMaxLength);
        }

        if (Priority is < 0 or > 1_000_000)
        {
            v.Add("priority", "priority must be a whole number from 0 to 1000000 (lower runs first).");
        }

        if (Conditions is null)
        {
            v.Add("conditions", "conditions is required (an empty object matches every item).");
        }
        else
        {
            if (Conditions.Rating is { } rating)
            {
                RuleChecks.Rating(v, rating);
            }

            RuleChecks.List(v, "conditions.source", Conditions.Source, AutoReplySources.All);
            RuleChecks.List(v, "conditions.status", Conditions.Status, AutoReplyItemStatuses.All);
            RuleChecks.Keywords(v, "conditions.keywords", Conditions.Keywords);
        }

        if (Schedule is null)
        {
            v.Add("schedule", "schedule is required.");
        }
        else
        {
            RuleChecks.Schedule(v, Schedule);
        }

        if (TemplateSelection is null)
        {
            v.Add("template_selection", "template_selection is required.");
        }
        else if (TemplateSelection.Strategy is null)
        {
            v.Add("template_selection.strategy", $"template_selection.strategy is required: one of {string.Join(", ", TemplateStrategies.All)}.");
        }
        else
        {
            v.OneOf("template_selection.strategy", TemplateSelection.Strategy, TemplateStrategies.All);
        }
    }
}

/// <summary><c>POST /auto-reply/history/{id}/approve</c>: optional replacement text (variables such as <c>@imie</c> are filled).</summary>
public sealed record ApproveRequest(string? EditedContent) : IValidatable
{
    public void Validate(Validator v)
    {
        if (EditedContent is not null && string.IsNullOrWhiteSpace(EditedContent))
        {
            v.Add("edited_content", "edited_content must not be empty; leave it out to send the generated reply.");
        }

        v.Length("edited_content", EditedContent, 0, AutoReplyLimits.ContentMaxLength);
    }
}

/// <summary><c>POST /auto-reply/rules/{id}/test</c>.</summary>
public sealed record RuleTestRequest(string? ReviewId, string? ReviewType) : IValidatable
{
    public void Validate(Validator v)
    {
        v.Required("review_id", ReviewId);
        v.OneOf("review_type", ReviewType, AutoReplyItemTypes.All);
    }
}

internal static partial class RuleChecks
{
    public static void Rating(Validator v, RatingConditionRequest rating)
    {
        if (rating.Operator is null)
        {
            v.Add("conditions.rating.operator", $"conditions.rating.operator is required: one of {string.Join(", ", RatingOperators.All)}.");
            return;
        }

        v.OneOf("conditions.rating.operator", rating.Operator, RatingOperators.All);
        if (rating.Operator == RatingOperators.Between)
        {
            if (rating.Min is not (>= 1 and <= 5) || rating.Max is not (>= 1 and <= 5))
            {
                v.Add("conditions.rating", "between needs min and max, each from 1 to 5.");
            }
            else if (rating.Min > rating.Max)
            {
                v.Add("conditions.rating", "min must not be greater than max.");
            }
        }
        else if (RatingOperators.All.Contains(rating.Operator) && rating.Value is not (>= 1 and <= 5))
        {
            v.Add("conditions.rating.value", "conditions.rating.value is required: a rating from 1 to 5.");
        }
    }

    public static void List(Validator v, string field, IReadOnlyList<string>? values, IReadOnlyList<string> allowed)
    {
        if (values is not null && values.Any(s => !allowed.Contains(s)))
        {
            v.Add(field, $"{field} may only contain: {string.Join(", ", allowed)}.");
        }
    }

    public static void Keywords(Validator v, string field, IReadOnlyList<string>? keywords)
    {
        if (keywords is null)
        {
            return;
        }

        if (keywords.Count > AutoReplyLimits.MaxKeywords)
        {
            v.Add(field, $"{field} may hold at most {AutoReplyLimits.MaxKeywords} keywords.");
        }
        else if (keywords.Any(k => string.IsNullOrWhiteSpace(k) || k.Trim().Length > AutoReplyLimits.KeywordMaxLength || KeywordMatcher.Compile(k) is null))
        {
            v.Add(field, $"{field}: each keyword needs a letter or digit and at most {AutoReplyLimits.KeywordMaxLength} characters.");
        }
    }

    public static void Schedule(Validator v, RuleScheduleRequest schedule)
    {
        if (schedule.Type is null)
        {
            v.Add("schedule.type", $"schedule.type is required: one of {string.Join(", ", ScheduleTypes.All)}.");
            return;
        }

        v.OneOf("schedule.type", schedule.Type, ScheduleTypes.All);
        if (schedule.DelayMinutes is < 0 or > AutoReplyLimits.MaxDelayMinutes)
        {
            v.Add("schedule.delay_minutes", $"schedule.delay_minutes must be from 0 to {AutoReplyLimits.MaxDelayMinutes}.");
        }
        else if (schedule.Type == ScheduleTypes.Delayed && schedule.DelayMinutes is null or 0)
        {
            v.Add("schedule.delay_minutes", "A delayed schedule needs delay_minutes of at least 1.");
        }

        if (schedule.TimeWindow is { } window)
        {
            var start = Time(window.Start);
            var end = Time(window.End);
            if (start is null || end is null)
            {
                v.Add("schedule.time_window", "time_window needs start and end as HH:mm (00:00–23:59).");
            }
            else if (start == end)
            {
                v.Add("schedule.time_window", "time_window start and end must differ (an end before the start crosses midnight).");
            }
        }
        else if (schedule.Type == ScheduleTypes.Scheduled)
        {
            v.Add("schedule.time_window", "A scheduled rule needs time_window with start and end (HH:mm).");
        }
    }

    public static TimeOnly? Time(string? value) => value is not null && HhMm().IsMatch(value) ? ScheduleCalculator.ParseTime(value) : null;

    [GeneratedRegex(@"^([01]\d|2[0-3]):[0-5]\d$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex HhMm();
}
