using System.Globalization;

namespace Parley.Features.Reviews.Admin;

/// <summary>How the review pages show sources, ratings and days.</summary>
public static class ReviewLabels
{
    private static readonly Dictionary<string, (string Name, string Color)> Sources = new(StringComparer.Ordinal)
    {
        [ReviewSources.Google] = ("Google", "#4285F4"),
        [ReviewSources.Booksy] = ("Booksy", "#00A3AD"),
        [ReviewSources.Facebook] = ("Facebook", "#1877F2"),
        [ReviewSources.Avito] = ("Avito", "#97CF26"),
        [ReviewSources.Manual] = ("Manual", "#757575"),
    };

    /// <summary>The platform's own name (the same in every language); <c>manual</c> is translated by the caller.</summary>
    public static string Source(string source) => Sources.TryGetValue(source, out var known) ? known.Name : source;

    public static string SourceColor(string source) => Sources.TryGetValue(source, out var known) ? known.Color : "#9e9e9e";

    /// <summary>Ratings as the selects offer them, best first (a foreach, so each item's label keeps its own value).</summary>
    public static readonly IReadOnlyList<int> Ratings = [5, 4, 3, 2, 1];

    public static string Stars(int rating) => new string('★', Math.Clamp(rating, 0, 5)) + new string('☆', 5 - Math.Clamp(rating, 0, 5));

    public static string Day(DateTime utc, TimeZoneInfo zone) => Local(utc, zone).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string Time(DateTime utc, TimeZoneInfo zone) => Local(utc, zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    private static DateTime Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
