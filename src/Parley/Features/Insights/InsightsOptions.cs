using System.ComponentModel.DataAnnotations;

namespace Parley.Features.Insights;

/// <summary>Configuration section <c>Insights</c>: statistics and review analyses.</summary>
public sealed class InsightsOptions
{
    public const string Section = "Insights";

    /// <summary>
    /// Analyses that read review text (themes, keywords, services and products) over stored reviews read this many of the newest;
    /// counts (sentiment distribution and trends, statistics) always cover every review.
    /// </summary>
    [Range(10, 100_000)] public int MaxReviewsAnalyzed { get; set; } = 2000;

    /// <summary>How long statistics and analyses are cached; any change to the workspace's reviews invalidates them at once.</summary>
    [Range(1, 1440)] public int CacheMinutes { get; set; } = 10;

    /// <summary>Most reviews a request may send for analysis.</summary>
    [Range(1, 100_000)] public int MaxReviewsPerRequest { get; set; } = 2000;
}
