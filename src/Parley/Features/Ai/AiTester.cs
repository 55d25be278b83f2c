using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Parley.Data;
using Parley.Features.Ai.Sessions;

namespace Parley.Features.Ai;

/// <summary>
/// What the AI settings API and the admin's AI settings page share: the sample question sent through the configured provider,
/// and the provider's health and metrics. Uses the current workspace (its query filters and its settings).
/// </summary>
public sealed class AiTester(AiGateway gateway, PromptLibrary prompts, AiSettingsService settings, ParleyDb db, TimeProvider clock)
{
    public const string Feature = "settings_test";
    public const string SamplePrompt = "Dzień dobry, czy macie wolny termin na strzyżenie w sobotę?";

    /// <summary>Asks <paramref name="prompt"/> (or the sample question when empty) with the LLM sessions' system prompt.</summary>
    public async Task<AiTestResponse> TestAsync(string? prompt, CancellationToken cancellationToken)
    {
        var question = string.IsNullOrWhiteSpace(prompt) ? SamplePrompt : prompt.Trim();
        var answer = await gateway.CompleteAsync(Feature,
            [new ChatMessage(ChatRole.System, prompts.Get("llm-session-system")), new ChatMessage(ChatRole.User, question)], cancellationToken: cancellationToken);
        return new AiTestResponse(question, answer.Text, answer.Engine, answer.LatencyMs, answer.FallbackReason, answer.Usage);
    }

    /// <summary>ok, degraded (the last call fell back) or builtin, with the provider's configuration and the last call.</summary>
    public async Task<LlmHealth> HealthAsync(CancellationToken cancellationToken)
    {
        var effective = await settings.GetEffectiveAsync(cancellationToken);
        var last = await db.Set<AiCall>().AsNoTracking().OrderByDescending(c => c.At)
            .Select(c => new LastCall(c.At, c.Engine, c.LatencyMs, c.FallbackReason)).FirstOrDefaultAsync(cancellationToken);
        var status = effective.Provider == AiProviders.Builtin ? "builtin" : last?.FallbackReason is null ? "ok" : "degraded";
        return new LlmHealth(status, effective.Provider, effective.Model, effective.Endpoint, effective.ApiKey is not null, last);
    }

    /// <summary>Sessions, asks, latency percentiles, tokens and fallbacks over the last 30 days.</summary>
    public async Task<LlmMetrics> MetricsAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var calls = await db.Set<AiCall>().AsNoTracking().Where(c => c.At >= since)
            .Select(c => new { c.LatencyMs, c.PromptTokens, c.CompletionTokens, c.FallbackReason, c.Feature }).ToListAsync(cancellationToken);
        var sessions = await db.Set<LlmSession>().AsNoTracking().GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var latencies = calls.Select(c => c.LatencyMs).Order().ToArray();
        var effective = await settings.GetEffectiveAsync(cancellationToken);
        var fallbacks = calls.Where(c => c.FallbackReason is not null).GroupBy(c => c.FallbackReason!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new LlmMetrics(
            new SessionCounts(sessions.FirstOrDefault(s => s.Key == LlmSessionStatus.Active)?.Count ?? 0, sessions.FirstOrDefault(s => s.Key == LlmSessionStatus.Expired)?.Count ?? 0),
            calls.Count(c => c.Feature == LlmSessionService.Feature),
            new LatencyPercentiles(Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99)),
            new TokenCounts(calls.Sum(c => (long)c.PromptTokens), calls.Sum(c => (long)c.CompletionTokens), await settings.TokensUsedThisMonthAsync(cancellationToken), effective.MonthlyTokenBudget),
            new FallbackCounts(fallbacks.Values.Sum(), fallbacks));
    }

    private static int Percentile(int[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
