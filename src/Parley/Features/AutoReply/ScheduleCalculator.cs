using System.Globalization;

namespace Parley.Features.AutoReply;

/// <summary>A rule's schedule, as the calculator needs it.</summary>
public sealed record ScheduleSpec(string Type, int DelayMinutes, TimeOnly? WindowStart, TimeOnly? WindowEnd, bool WeekdaysOnly)
{
    public static ScheduleSpec From(AutoReplyRule rule) => new(
        rule.ScheduleType, rule.DelayMinutes, ScheduleCalculator.ParseTime(rule.WindowStart), ScheduleCalculator.ParseTime(rule.WindowEnd), rule.WeekdaysOnly);

    public bool HasWindow => Type == ScheduleTypes.Scheduled && WindowStart is not null && WindowEnd is not null;

    /// <summary>"type|delay|start|end|weekdays", e.g. "scheduled|0|22:00|06:00|1".</summary>
    public string ToStorage() => string.Join('|', Type, DelayMinutes.ToString(CultureInfo.InvariantCulture),
        WindowStart?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "", WindowEnd?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "", WeekdaysOnly ? "1" : "0");

    public static ScheduleSpec FromStorage(string? value)
    {
        var parts = (value ?? string.Empty).Split('|');
        return new ScheduleSpec(
            parts.Length > 0 && ScheduleTypes.All.Contains(parts[0]) ? parts[0] : ScheduleTypes.Immediate,
            parts.Length > 1 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var delay) ? delay : 0,
            parts.Length > 2 ? ScheduleCalculator.ParseTime(parts[2]) : null,
            parts.Length > 3 ? ScheduleCalculator.ParseTime(parts[3]) : null,
            parts.Length > 4 && parts[4] == "1");
    }
}

/// <summary>
/// When an auto-reply may be sent, in the workspace's time zone. <c>immediate</c>: now; <c>delayed</c>: now + delay;
/// <c>scheduled</c>: inside the window [start, end) — a window whose end is before its start crosses midnight;
/// <c>weekdays_only</c>: the moment of sending falls on Monday–Friday (local). Local times that do not exist (the hour
/// skipped when clocks go forward) move to the first valid minute after; repeated ones (clocks go back) take the first.
/// </summary>
public static class ScheduleCalculator
{
    public static TimeOnly? ParseTime(string? value) =>
        value is not null && TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>The first moment at or after <paramref name="nowUtc"/> (+ delay for <c>delayed</c>) the schedule allows.</summary>
    public static DateTime DueAt(ScheduleSpec schedule, DateTime nowUtc, TimeZoneInfo zone)
    {
        var start = schedule.Type == ScheduleTypes.Delayed ? nowUtc.AddMinutes(schedule.DelayMinutes) : nowUtc;
        return NextAllowed(schedule, start, zone);
    }

    /// <summary>The first moment at or after <paramref name="fromUtc"/> inside the window and on an allowed day.</summary>
    public static DateTime NextAllowed(ScheduleSpec schedule, DateTime fromUtc, TimeZoneInfo zone)
    {
        var t = DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc);
        // Each pass moves to a later window start or day start; two weeks of passes always find a slot.
        for (var pass = 0; pass < 32; pass++)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(t, zone);
            if (schedule.WeekdaysOnly && local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                t = ToUtc(local.Date.AddDays(1), zone);
                continue;
            }

            if (!schedule.HasWindow || InWindow(TimeOnly.FromDateTime(local), schedule.WindowStart!.Value, schedule.WindowEnd!.Value))
            {
                return t;
            }

            var start = schedule.WindowStart!.Value;
            var startToday = local.Date + start.ToTimeSpan();
            var next = startToday > local ? startToday : startToday.AddDays(1);
            t = ToUtc(next, zone);
        }

        return t;
    }

    /// <summary>Start of the next local day (at or after which the schedule allows sending): where a postponed entry goes.</summary>
    public static DateTime NextDay(ScheduleSpec schedule, DateTime nowUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone);
        return NextAllowed(schedule, ToUtc(local.Date.AddDays(1), zone), zone);
    }

    public static DateOnly LocalDay(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    public static bool InWindow(TimeOnly time, TimeOnly start, TimeOnly end) =>
        start <= end ? time >= start && time < end : time >= start || time < end;

    /// <summary>A local wall-clock time to UTC: skipped times move forward to the first valid minute, repeated ones take the earlier instant.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(local); i++)
        {
            local = local.AddMinutes(1);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The workspace's zone by IANA (or Windows) id; an unknown id falls back to UTC.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
