using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Insights;

public sealed record StatsParameters : IValidatable
{
    public string? Scenario { get; init; }

    public void Validate(Validator v) => v.OneOf("scenario", Scenario, Scenarios.All);
}

/// <summary>Body of the analysis endpoints: reviews to analyse (empty: the stored ones) and the dashboard's development scenario.</summary>
public sealed record AnalysisRequest(IReadOnlyList<AnalysisReview>? Reviews, string? Scenario) : IValidatable
{
    public void Validate(Validator v)
    {
        v.OneOf("scenario", Scenario, Scenarios.All);
        if (Reviews is null)
        {
            return;
        }

        for (var i = 0; i < Reviews.Count; i++)
        {
            var review = Reviews[i];
            if (review is null)
            {
                v.Add($"reviews[{i}]", "Each review must be an object.");
                continue;
            }

            if (review.Rating is < 1 or > 5)
            {
                v.Add($"reviews[{i}].rating", "rating must be a whole number from 1 to 5.");
            }

            v.Length($"reviews[{i}].content", review.Content, 0, 10_000);
        }
    }
}

public sealed record GenerateReplyRequest(int? Rating, string? AuthorName, string? Content) : IValidatable
{
    public void Validate(Validator v)
    {
        if (v.Required("content", Content))
        {
            v.Length("content", Content, 1, 10_000);
        }

        if (Rating is < 1 or > 5)
        {
            v.Add("rating", "rating must be a whole number from 1 to 5.");
        }

        v.Length("author_name", AuthorName, 0, 200);
    }
}

public static class InsightsApi
{
    /// <summary>Response header naming the engine behind an analysis: builtin, llm or builtin-fallback.</summary>
    public const string EngineHeader = "X-Ai-Engine";

    private const string StoredNote = " With \"reviews\": [] (or no body) the workspace's stored reviews are analysed; with reviews in the body (the " +
                                      "contract's Review objects, at most Insights:MaxReviewsPerRequest) only those. The X-Ai-Engine header says which " +
                                      "engine answered. \"scenario\" (positive | neutral | negative) is accepted for the dashboard's development menu and " +
                                      "does not change the analysis.";

    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/stats", StatsAsync).WithTags("Statistics").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy).RequireAuthorization(Policies.Viewer).WithName("GetStats")
            .WithSummary("Review statistics: average rating, total, share of 4–5★ reviews, reviews per source, share answered.")
            .WithDescription("Computed from every stored review (kept as per-day counters, so it stays fast at any size) and cached until the reviews " +
                             "change. Percentages are whole numbers 0–100; average_rating has one decimal (0 without reviews). sources_breakdown always " +
                             "lists Google, Booksy and Facebook, and Avito / hand-entered reviews when there are any. ?scenario=positive|neutral|negative " +
                             "adds the dashboard's styling for that scenario (emoji, ratingColor, knobColor, id); the figures stay real.")
            .ProducesProblem(400);

        var ai = routes.MapGroup("/api/v1/ai").WithTags("Review analysis").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy).RequireAuthorization(Policies.Viewer);
        ai.MapPost("/analyze-sentiment", SentimentAsync).WithName("AnalyzeReviewSentiment")
            .WithSummary("Sentiment of reviews: overall, distribution (% adding up to 100), per-day % over the last 30 days (labels DD.MM), details.")
            .WithDescription("overall is positive when positive outweighs negative by 20 points or more, negative the other way round, else neutral. " +
                             "trends hold, per day, the % of that day's reviews in each class (0 on days without reviews). details (beyond the contract's " +
                             "empty example): up to 20 of the analysed reviews, newest first: {review_id, sentiment, rating, excerpt}." + StoredNote)
            .ProducesProblem(400);
        ai.MapPost("/analyze-products-services", ProductsServicesAsync).WithName("AnalyzeProductsServices")
            .WithSummary("Services and products the reviews are about: from each review's service context and from its text.")
            .WithDescription("count is the number of reviews mentioning it, percentage its share of totalAnalyzed (the reviews analysed; over stored " +
                             "reviews, the newest Insights:MaxReviewsAnalyzed)." + StoredNote)
            .ProducesProblem(400);
        ai.MapPost("/analyze-repeating-elements", RepeatingElementsAsync).WithName("AnalyzeRepeatingElements")
            .WithSummary("Recurring themes (with their prevailing sentiment), keywords and insights: the most mentioned themes, strengths, and recurring problems.")
            .WithDescription("Themes come from the workspace's theme taxonomy (GET /api/v1/ai/themes). A recommendation names a theme that at least two " +
                             "reviews criticise (a third or more of its mentions negative), quotes one of them, and lists the reviews showing it in " +
                             "review_ids (beyond the contract). With a language model configured, the model writes the recommendation's description." +
                             StoredNote)
            .ProducesProblem(400);
        ai.MapPost("/analyze-time-trends", TimeTrendsAsync).WithName("AnalyzeTimeTrends")
            .WithSummary("Per day over the last 30 days (labels DD.MM, workspace time zone): reviews written, their average rating (0 when none), replies written.")
            .WithDescription(StoredNote.Trim())
            .ProducesProblem(400);
        ai.MapPost("/generate-reply", GenerateReplyAsync).WithName("GenerateReviewReply")
            .WithSummary("A suggested reply to a review in the customer's language, fitted to the rating: the configured model, or the built-in engine.")
            .ProducesProblem(400);
        return routes;
    }

    private static async Task<Ok<StatsView>> StatsAsync([AsParameters] StatsParameters parameters, StatsService stats, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.GetAsync(parameters.Scenario, cancellationToken));

    private static async Task<Results<Ok<SentimentAnalysisView>, ProblemHttpResult>> SentimentAsync(AnalysisRequest? request, ReviewAnalysisService analysis,
        IOptions<InsightsOptions> options, HttpContext http, CancellationToken cancellationToken) =>
        TooMany(request, options) is { } problem ? problem : Answer(http, await analysis.SentimentAsync(request?.Reviews, cancellationToken));

    private static async Task<Results<Ok<ProductsServicesView>, ProblemHttpResult>> ProductsServicesAsync(AnalysisRequest? request, ReviewAnalysisService analysis,
        IOptions<InsightsOptions> options, HttpContext http, CancellationToken cancellationToken) =>
        TooMany(request, options) is { } problem ? problem : Answer(http, await analysis.ProductsServicesAsync(request?.Reviews, cancellationToken));

    private static async Task<Results<Ok<RepeatingElementsView>, ProblemHttpResult>> RepeatingElementsAsync(AnalysisRequest? request, ReviewAnalysisService analysis,
        IOptions<InsightsOptions> options, HttpContext http, CancellationToken cancellationToken) =>
        TooMany(request, options) is { } problem ? problem : Answer(http, await analysis.RepeatingElementsAsync(request?.Reviews, cancellationToken));

    private static async Task<Results<Ok<TimeTrendsView>, ProblemHttpResult>> TimeTrendsAsync(AnalysisRequest? request, ReviewAnalysisService analysis,
        IOptions<InsightsOptions> options, HttpContext http, CancellationToken cancellationToken) =>
        TooMany(request, options) is { } problem ? problem : Answer(http, await analysis.TimeTrendsAsync(request?.Reviews, cancellationToken));

    private static async Task<Ok<GeneratedReply>> GenerateReplyAsync(GenerateReplyRequest request, ReviewAnalysisService analysis, HttpContext http,
        CancellationToken cancellationToken) =>
        Answer(http, await analysis.GenerateReplyAsync(request.Content!, request.Rating, request.AuthorName, cancellationToken));

    private static ProblemHttpResult? TooMany(AnalysisRequest? request, IOptions<InsightsOptions> options) =>
        request?.Reviews?.Count > options.Value.MaxReviewsPerRequest
            ? Problems.Validation("reviews", $"Send at most {options.Value.MaxReviewsPerRequest} reviews, or none to analyse the stored ones.")
            : null;

    private static Ok<T> Answer<T>(HttpContext http, Analysed<T> analysed)
    {
        http.Response.Headers[EngineHeader] = analysed.Engine;
        return TypedResults.Ok(analysed.Value);
    }
}

public static class InsightsSetup
{
    public static IServiceCollection AddParleyInsights(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InsightsOptions>().Bind(configuration.GetSection(InsightsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<StatsService>().AddScoped<ReviewAnalysisService>();
        return services;
    }
}
