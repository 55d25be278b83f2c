using Parley.Features.AutoReply;

namespace Parley.Tests.AutoReply;

/// <summary>When a reply may go out, in the workspace's time zone: windows across midnight, weekends, DST changes.</summary>
public sealed class ScheduleCalculatorTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static DateTime Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    private static ScheduleSpec Window(string start, string end, bool weekdaysOnly = false) =>
        new(ScheduleTypes.Scheduled, 0, ScheduleCalculator.ParseTime(start), ScheduleCalculator.ParseTime(end), weekdaysOnly);

    private static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("yyyy-MM-dd ddd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void ImmediateIsNowAndDelayedIsNowPlusTheDelay()
    {
        var now = Utc(2026, 11, 18, 9);
        Assert.Equal(now, ScheduleCalculator.DueAt(new ScheduleSpec(ScheduleTypes.Immediate, 0, null, null, false), now, Warsaw));
        Assert.Equal(now.AddMinutes(90), ScheduleCalculator.DueAt(new ScheduleSpec(ScheduleTypes.Delayed, 90, null, null, false), now, Warsaw));
    }

    [Fact]
    public void AWindowIsKeptInTheWorkspacesTimeZone()
    {
        var window = Window("09:00", "17:00");
        // 07:30 in Warsaw (06:30 UTC): waits for 09:00 Warsaw.
        Assert.Equal("2026-11-18 Wed 09:00", Local(ScheduleCalculator.DueAt(window, Utc(2026, 11, 18, 6, 30), Warsaw), Warsaw));
        // Inside the window: now.
        Assert.Equal(Utc(2026, 11, 18, 12), ScheduleCalculator.DueAt(window, Utc(2026, 11, 18, 12), Warsaw));
        // 17:00 is outside (end exclusive): the next morning.
        Assert.Equal("2026-11-19 Thu 09:00", Local(ScheduleCalculator.DueAt(window, Utc(2026, 11, 18, 16), Warsaw), Warsaw));
        // The same UTC instant is a different local time in New York and Tokyo.
        Assert.Equal("2026-11-18 Wed 09:00", Local(ScheduleCalculator.DueAt(window, Utc(2026, 11, 18, 12), NewYork), NewYork));
        Assert.Equal("2026-11-19 Thu 09:00", Local(ScheduleCalculator.DueAt(window, Utc(2026, 11, 18, 12), Tokyo), Tokyo));
    }

    [Fact]
    public void AWindowEndingBeforeItStartsCrossesMidnight()
    {
        var night = Window("22:00", "06:00");
        Assert.True(ScheduleCalculator.InWindow(new TimeOnly(23, 30), new TimeOnly(22, 0), new TimeOnly(6, 0)));
        Assert.True(ScheduleCalculator.InWindow(new TimeOnly(2, 0), new TimeOnly(22, 0), new TimeOnly(6, 0)));
        Assert.False(ScheduleCalculator.InWindow(new TimeOnly(6, 0), new TimeOnly(22, 0), new TimeOnly(6, 0)));
        Assert.False(ScheduleCalculator.InWindow(new TimeOnly(12, 0), new TimeOnly(22, 0), new TimeOnly(6, 0)));
        // Noon in Warsaw waits for 22:00; 03:00 in Warsaw is inside.
        Assert.Equal("2026-11-18 Wed 22:00", Local(ScheduleCalculator.DueAt(night, Utc(2026, 11, 18, 11), Warsaw), Warsaw));
        Assert.Equal(Utc(2026, 11, 18, 2), ScheduleCalculator.DueAt(night, Utc(2026, 11, 18, 2), Warsaw));
    }

    [Fact]
    public void WeekdaysOnlyMovesWeekendItemsToMonday()
    {
        var weekdays = new ScheduleSpec(ScheduleTypes.Immediate, 0, null, null, true);
        // Saturday 2026-11-21 15:00 Warsaw → Monday 00:00 Warsaw.
        Assert.Equal("2026-11-23 Mon 00:00", Local(ScheduleCalculator.DueAt(weekdays, Utc(2026, 11, 21, 14), Warsaw), Warsaw));
        // With a window: Monday at the window's start.
        Assert.Equal("2026-11-23 Mon 09:00", Local(ScheduleCalculator.DueAt(Window("09:00", "17:00", true), Utc(2026, 11, 21, 14), Warsaw), Warsaw));
        // Friday 18:00 after the window closes → Monday 09:00.
        Assert.Equal("2026-11-23 Mon 09:00", Local(ScheduleCalculator.DueAt(Window("09:00", "17:00", true), Utc(2026, 11, 20, 17), Warsaw), Warsaw));
        // Friday 23:00 in a night window is still Friday; 01:00 on Saturday is weekend → Monday 00:00 (inside the night window).
        Assert.Equal(Utc(2026, 11, 20, 22), ScheduleCalculator.DueAt(Window("22:00", "06:00", true), Utc(2026, 11, 20, 22), Warsaw));
        Assert.Equal("2026-11-23 Mon 00:00", Local(ScheduleCalculator.DueAt(Window("22:00", "06:00", true), Utc(2026, 11, 21, 0), Warsaw), Warsaw));
        // The weekend is the workspace's: Friday 23:30 UTC is already Saturday in Warsaw but still Friday in New York.
        Assert.Equal("2026-11-23 Mon 00:00", Local(ScheduleCalculator.DueAt(weekdays, Utc(2026, 11, 20, 23, 30), Warsaw), Warsaw));
        Assert.Equal(Utc(2026, 11, 20, 23, 30), ScheduleCalculator.DueAt(weekdays, Utc(2026, 11, 20, 23, 30), NewYork));
    }

    [Fact]
    public void AWindowStartInsideTheSpringForwardGapMovesToTheFirstValidMinute()
    {
        // 2026-03-29: Warsaw skips 02:00–03:00. A window from 02:30 opens at 03:00 local (01:00 UTC).
        var due = ScheduleCalculator.DueAt(Window("02:30", "05:00"), Utc(2026, 3, 28, 23), Warsaw);
        Assert.Equal(Utc(2026, 3, 29, 1), due);
        Assert.Equal("2026-03-29 Sun 03:00", Local(due, Warsaw));
        // The next day the window opens at 02:30 local again (00:30 UTC, summer time).
        Assert.Equal(Utc(2026, 3, 30, 0, 30), ScheduleCalculator.DueAt(Window("02:30", "05:00"), Utc(2026, 3, 29, 4), Warsaw));
    }

    [Fact]
    public void AWindowStartInTheRepeatedAutumnHourTakesTheFirstOccurrence()
    {
        // 2026-10-25: Warsaw repeats 02:00–03:00. 02:30 happens at 00:30 UTC (summer) and 01:30 UTC (winter): the first one.
        Assert.Equal(Utc(2026, 10, 25, 0, 30), ScheduleCalculator.DueAt(Window("02:30", "04:00"), Utc(2026, 10, 24, 20), Warsaw));
        // A nine-to-five window keeps its local hours across the change: 09:00 local is 07:00 UTC before and 08:00 UTC after.
        Assert.Equal(Utc(2026, 10, 24, 7), ScheduleCalculator.DueAt(Window("09:00", "17:00"), Utc(2026, 10, 24, 5), Warsaw));
        Assert.Equal(Utc(2026, 10, 26, 8), ScheduleCalculator.DueAt(Window("09:00", "17:00"), Utc(2026, 10, 25, 17), Warsaw));
    }

    [Fact]
    public void TheNextDayIsTheWorkspacesLocalMidnightAndRespectsTheSchedule()
    {
        var immediate = new ScheduleSpec(ScheduleTypes.Immediate, 0, null, null, false);
        Assert.Equal(Utc(2026, 11, 18, 23), ScheduleCalculator.NextDay(immediate, Utc(2026, 11, 18, 20), Warsaw));
        Assert.Equal(Utc(2026, 11, 19, 5), ScheduleCalculator.NextDay(immediate, Utc(2026, 11, 18, 20), NewYork));
        Assert.Equal("2026-11-19 Thu 09:00", Local(ScheduleCalculator.NextDay(Window("09:00", "17:00"), Utc(2026, 11, 18, 20), Warsaw), Warsaw));
        // Summer time: local midnight is 22:00 UTC.
        Assert.Equal(Utc(2026, 7, 1, 22), ScheduleCalculator.NextDay(immediate, Utc(2026, 7, 1, 12), Warsaw));
    }

    [Fact]
    public void SchedulesSurviveStorageOnTheEntry()
    {
        var spec = Window("22:00", "06:00", true);
        var back = ScheduleSpec.FromStorage(spec.ToStorage());
        Assert.Equal(spec, back);
        Assert.Equal("scheduled|0|22:00|06:00|1", spec.ToStorage());
        Assert.Equal(new ScheduleSpec(ScheduleTypes.Immediate, 0, null, null, false), ScheduleSpec.FromStorage("garbage"));
    }

    [Fact]
    public void AnUnknownTimeZoneFallsBackToUtc()
    {
        Assert.Equal(TimeZoneInfo.Utc, ScheduleCalculator.Zone("Mars/Olympus_Mons"));
        Assert.Equal("Europe/Warsaw", ScheduleCalculator.Zone("Europe/Warsaw").Id);
    }
}
