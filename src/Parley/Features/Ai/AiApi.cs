using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Features.Ai.Sessions;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Ai;

public sealed record AiTestRequest(string? Prompt) : IValidatable
{
    public void Validate(Validator v) => v.Length("prompt", Prompt, 0, 4000);
}

public sealed record AnalyzeRequest(string? Text) : IValidatable
{
    public void Validate(Validator v)
    {
        if (v.Required("text", Text))
        {
            v.Length("text", Text, 1, 10_000);
        }
    }
}

public sealed record SuggestReplyRequest(string? Text, int? Rating, string? AuthorName) : IValidatable
{
    public void Validate(Validator v)
    {
        if (v.Required("text", Text))
        {
            v.Length("text", Text, 1, 10_000);
        }

        if (Rating is < 1 or > 5)
        {
            v.Add("rating", "rating must be between 1 and 5.");
        }

        v.Length("author_name", AuthorName, 0, 200);
    }
}

public sealed record ThemesRequest(Dictionary<string, Dictionary<string, string[]>>? Themes) : IValidatable
{
    public void Validate(Validator v)
    {
        if (Themes is null)
        {
            v.Add("themes", "themes is required: {\"theme_key\": {\"pl\": [\"słowo\"], ...}, ...}.");
        }
    }
}

public sealed record AiTestResponse(string Prompt, string Answer, string Engine, int LatencyMs, string? FallbackReason, AiUsage Usage);

public sealed record LlmHealth(string Status, string Provider, string Model, string Endpoint, bool ApiKeySet, LastCall? LastCall);

public sealed record LastCall(DateTime At, string Engine, int LatencyMs, string? FallbackReason);

public sealed record LlmMetrics(SessionCounts Sessions, long Asks, LatencyPercentiles LatencyMs, TokenCounts Tokens, FallbackCounts Fallbacks);

public sealed record SessionCounts(int Active, int Expired);

public sealed record LatencyPercentiles(int P50, int P95, int P99);

public sealed record TokenCounts(long Prompt, long Completion, long ThisMonth, long MonthlyBudget);

public sealed record FallbackCounts(int Total, IReadOnlyDictionary<string, int> ByReason);

public static class AiApi
{
    public static IEndpointRouteBuilder MapAi(this IEndpointRouteBuilder routes)
    {
        var ai = routes.MapGroup("/api/v1/ai").WithTags("AI").ValidateArguments().RequireRateLimiting(RateLimitSetup.ApiPolicy);
        ai.MapGet("/settings", GetSettingsAsync).RequireAuthorization(Policies.Viewer).WithName("GetAiSettings")
            .WithSummary("The AI provider this workspace uses (its own settings or the server's default). The key is never returned.");
        ai.MapPut("/settings", UpdateSettingsAsync).RequireAuthorization(Policies.Admin).WithName("UpdateAiSettings")
            .WithSummary("Override the provider (builtin/openai), endpoint, model, key (stored encrypted; \"\" removes it) and monthly token budget.")
            .ProducesProblem(400).ProducesProblem(403);
        ai.MapPost("/test", TestAsync).RequireAuthorization(Policies.Admin).WithName("TestAi")
            .WithSummary("Send a sample question through the configured provider; shows the answer, which engine answered and how fast.");

        ai.MapPost("/analyze", AnalyzeAsync).RequireAuthorization(Policies.Viewer).WithName("AnalyzeText")
            .WithSummary("Language, sentiment (positive/neutral/negative with a score), keywords and themes of a text, against the workspace's themes. engine says who answered.")
            .ProducesProblem(400);
        ai.MapPost("/suggest-reply", SuggestReplyAsync).RequireAuthorization(Policies.Viewer).WithName("SuggestReply")
            .WithSummary("A reply to a review or message in the customer's language, fitted to the rating and themes.").ProducesProblem(400);
        ai.MapGet("/themes", GetThemesAsync).RequireAuthorization(Policies.Viewer).WithName("GetThemes")
            .WithSummary("The workspace's theme taxonomy: theme keys with keywords per language.");
        ai.MapPut("/themes", SetThemesAsync).RequireAuthorization(Policies.Admin).WithName("SetThemes")
            .WithSummary("Replace the theme taxonomy.").ProducesProblem(400);
        ai.MapDelete("/themes", ResetThemesAsync).RequireAuthorization(Policies.Admin).WithName("ResetThemes")
            .WithSummary("Go back to the default taxonomy.");

        var llm = routes.MapGroup("/api/v1/llm").WithTags("LLM sessions").RequireRateLimiting(RateLimitSetup.ApiPolicy);
        llm.MapGet("/health", HealthAsync).RequireAuthorization(Policies.Viewer).WithName("LlmHealth")
            .WithSummary("Provider configuration and the outcome of the last call: ok, degraded (last call fell back) or builtin.");
        llm.MapGet("/metrics", MetricsAsync).RequireAuthorization(Policies.Viewer).WithName("LlmMetrics")
            .WithSummary("Sessions, asks, latency percentiles, tokens and fallbacks over the last 30 days.");
        routes.MapLlmSessions();
        return routes;
    }

    private static async Task<Ok<AiSettingsView>> GetSettingsAsync(AiSettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.GetViewAsync(cancellationToken));

    private static async Task<Ok<AiSettingsView>> UpdateSettingsAsync(AiSettingsUpdate update, AiSettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.UpdateAsync(update, cancellationToken));

    private static async Task<Ok<AiTestResponse>> TestAsync(AiTestRequest request, AiTester tester, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tester.TestAsync(request.Prompt, cancellationToken));

    private static async Task<Ok<TextAnalysisView>> AnalyzeAsync(AnalyzeRequest request, TextAnalysisService analysis, CancellationToken cancellationToken) =>
        TypedResults.Ok(await analysis.AnalyzeAsync(request.Text!, cancellationToken));

    private static async Task<Ok<ReplySuggestion>> SuggestReplyAsync(SuggestReplyRequest request, ReplyService replies,
        Workspaces.WorkspaceService workspaces, CancellationToken cancellationToken)
    {
        var business = (await workspaces.GetCurrentAsync(cancellationToken))?.Name ?? string.Empty;
        return TypedResults.Ok(await replies.SuggestAsync(request.Text!, request.Rating, request.AuthorName, business, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>>> GetThemesAsync(
        TextAnalysisService analysis, CancellationToken cancellationToken)
    {
        var taxonomy = await analysis.GetTaxonomyAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>>(
            taxonomy.Themes.ToDictionary(t => t.Key, t => t.KeywordsByLanguage, StringComparer.Ordinal));
    }

    private static async Task<NoContent> SetThemesAsync(ThemesRequest request, TextAnalysisService analysis, CancellationToken cancellationToken)
    {
        await analysis.SetTaxonomyAsync(request.Themes!, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ResetThemesAsync(TextAnalysisService analysis, CancellationToken cancellationToken)
    {
        await analysis.ResetTaxonomyAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<LlmHealth>> HealthAsync(AiTester tester, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tester.HealthAsync(cancellationToken));

    private static async Task<Ok<LlmMetrics>> MetricsAsync(AiTester tester, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tester.MetricsAsync(cancellationToken));
}
