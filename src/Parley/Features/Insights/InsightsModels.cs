using System.Text.Json.Serialization;

namespace Parley.Features.Insights;

public sealed record SourceBreakdown(string Label, int Value, string? Color, string? Icon);

public sealed record RatingColor(string From, string To);

/// <summary>The dashboard's styling for a development scenario. The contract spells two fields in camelCase.</summary>
public sealed record ScenarioView(
    string Emoji,
    [property: JsonPropertyName("ratingColor")] RatingColor RatingColor,
    [property: JsonPropertyName("knobColor")] string KnobColor,
    string Id);

/// <summary>The contract's Stats; <c>scenario</c> only when the query asked for one.</summary>
public sealed record StatsView(
    double AverageRating,
    int TotalReviews,
    int PositiveReviewsPercentage,
    IReadOnlyList<SourceBreakdown> SourcesBreakdown,
    int ResponseRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScenarioView? Scenario);

public sealed record SentimentDistribution(int Positive, int Neutral, int Negative);

public sealed record SentimentTrends(IReadOnlyList<string> Labels, IReadOnlyList<int> Positive, IReadOnlyList<int> Neutral, IReadOnlyList<int> Negative);

/// <summary>One analysed review in <c>details</c>: its id (when known), sentiment, rating and the start of its text.</summary>
public sealed record SentimentDetail(string? ReviewId, string Sentiment, int? Rating, string Excerpt);

public sealed record SentimentAnalysisView(string Overall, SentimentDistribution Distribution, SentimentTrends Trends, IReadOnlyList<SentimentDetail> Details);

public sealed record MentionCount(string Name, int Count, int Percentage);

public sealed record ProductsServicesView(
    IReadOnlyList<MentionCount> Services,
    IReadOnlyList<MentionCount> Products,
    [property: JsonPropertyName("totalAnalyzed")] int TotalAnalyzed);

public sealed record ThemeCount(string Theme, int Count, int Percentage, string Sentiment);

public sealed record KeywordCount(string Word, int Count);

/// <summary>A conclusion; <c>review_ids</c> (beyond the contract) names the reviews that show a recommendation's problem.</summary>
public sealed record InsightView(
    string Type,
    string Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    IReadOnlyList<string> Elements,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ReviewIds);

public sealed record RepeatingElementsView(IReadOnlyList<ThemeCount> Themes, IReadOnlyList<KeywordCount> Keywords, IReadOnlyList<InsightView> Insights);

/// <summary>The contract's TimeTrendsAnalysis: camelCase field names as the contract fixes them.</summary>
public sealed record TimeTrendsView(
    IReadOnlyList<string> Labels,
    [property: JsonPropertyName("reviewCounts")] IReadOnlyList<int> ReviewCounts,
    [property: JsonPropertyName("averageRatings")] IReadOnlyList<double> AverageRatings,
    [property: JsonPropertyName("replyCounts")] IReadOnlyList<int> ReplyCounts);

public sealed record GeneratedReply(string SuggestedReply);

public static class Scenarios
{
    public const string Positive = "positive";
    public const string Neutral = "neutral";
    public const string Negative = "negative";
    public static readonly IReadOnlyList<string> All = [Positive, Neutral, Negative];

    public static ScenarioView For(string id) => id switch
    {
        Positive => new ScenarioView("🎉", new RatingColor("from-blue-600", "to-indigo-600"), "#6366f1", Positive),
        Neutral => new ScenarioView("😐", new RatingColor("from-amber-500", "to-orange-500"), "#f59e0b", Neutral),
        _ => new ScenarioView("😟", new RatingColor("from-red-600", "to-rose-600"), "#ef4444", Negative),
    };
}

/// <summary>A review to analyse as the front end sends it (the contract's Review); everything is optional except some text or a rating.</summary>
public sealed record AnalysisReview(
    string? Id,
    string? Source,
    string? AuthorName,
    int? Rating,
    string? Content,
    DateTime? Date,
    string? Status,
    AnalysisServiceContext? ServiceContext,
    AnalysisReply? Reply);

public sealed record AnalysisServiceContext(string? ServiceName, string? EmployeeName);

public sealed record AnalysisReply(string? Content, DateTime? Date);
