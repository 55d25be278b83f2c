using Microsoft.EntityFrameworkCore;
using Parley.Data;

namespace Parley.Features.AutoReply;

/// <summary>
/// The demo salon's auto-replies: on, with every reply waiting for approval, and four rules. Switched on an hour "before" the
/// seed, so the first sweep of a running server evaluates the demo's recent unanswered reviews and fills the approval queue
/// through the real engine.
/// </summary>
public static class AutoReplyDemoData
{
    public static async Task<string> SeedAsync(ParleyDb db, string workspaceId, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.Set<AutoReplySettings>().IgnoreQueryFilters().AnyAsync(s => s.WorkspaceId == workspaceId, cancellationToken))
        {
            return "Auto-replies: already set up.";
        }

        db.Add(new AutoReplySettings
        {
            WorkspaceId = workspaceId,
            Enabled = true,
            RequireApproval = true,
            ApprovalTimeoutHours = 0,
            DailyLimit = 50,
            CooldownDays = 7,
            MaxAgeDays = 30,
            ResponseRateThreshold = null,
            EnabledAt = now.AddHours(-1),
            UpdatedAt = now,
        });
        AutoReplyRule Rule(int priority, string name, Action<AutoReplyRule> set)
        {
            var rule = new AutoReplyRule { WorkspaceId = workspaceId, Name = name, Priority = priority, CreatedAt = now, UpdatedAt = now };
            set(rule);
            return rule;
        }

        db.AddRange(
            Rule(10, "Podziękowania za 5 gwiazdek", r => (r.RatingOperator, r.RatingValue) = (RatingOperators.Eq, 5)),
            Rule(20, "Dobre opinie (4★) po pół godzinie", r => (r.RatingOperator, r.RatingValue, r.ScheduleType, r.DelayMinutes) =
                (RatingOperators.Eq, 4, ScheduleTypes.Delayed, 30)),
            Rule(30, "Niezadowoleni klienci — w godzinach pracy", r => (r.RatingOperator, r.RatingValue, r.ScheduleType, r.WindowStart, r.WindowEnd, r.WeekdaysOnly, r.TemplateStrategy) =
                (RatingOperators.Lte, 2, ScheduleTypes.Scheduled, "09:00", "17:00", true, TemplateStrategies.FirstAvailable)),
            Rule(40, "Przechwycone opinie (4–5★)", r => (r.RatingOperator, r.RatingValue, r.Sources) = (RatingOperators.Gte, 4, [AutoReplySources.Feedback])));
        await db.SaveChangesAsync(cancellationToken);
        return "Auto-replies: on, every reply waits for approval; 4 rules (the queue fills on the server's first sweep).";
    }
}
