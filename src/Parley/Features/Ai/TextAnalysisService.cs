using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Parley.Data;
using Parley.Features.Ai.Engine;
using Parley.Platform.Errors;

namespace Parley.Features.Ai;

public sealed record ThemeView(string Key, double Score, IReadOnlyList<string> Evidence);

public sealed record SentimentView(string Label, double Score);

public sealed record TextAnalysisView(string Language, SentimentView Sentiment, IReadOnlyList<string> Keywords, IReadOnlyList<ThemeView> Themes, string Engine);

/// <summary>
/// Language, sentiment, keywords and themes of a text, against the workspace's theme taxonomy. With a model configured the
/// model answers in a JSON schema and the answer is validated; anything else is answered by the built-in engine.
/// </summary>
public sealed class TextAnalysisService(ParleyDb db, AiGateway gateway, BuiltinLanguageEngine engine,
    PromptLibrary prompts, AiSettingsService settings, TimeProvider clock)
{
    public const string Feature = "text_analysis";
    private static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly string[] Labels = [SentimentResult.Positive, SentimentResult.Neutral, SentimentResult.Negative];

    public async Task<ThemeTaxonomy> GetTaxonomyAsync(CancellationToken cancellationToken)
    {
        var json = await db.Set<WorkspaceAiSettings>().AsNoTracking().Select(s => s.ThemesJson).FirstOrDefaultAsync(cancellationToken);
        return json is null ? ThemeTaxonomy.Default : ThemeTaxonomy.FromJson(json);
    }

    /// <summary>Replaces the workspace's taxonomy: theme keys to keywords per language.</summary>
    public async Task SetTaxonomyAsync(IReadOnlyDictionary<string, Dictionary<string, string[]>> themes, CancellationToken cancellationToken)
    {
        var v = new Validator();
        if (themes.Count is 0 or > 50)
        {
            v.Add("themes", "Give between 1 and 50 themes.");
        }

        foreach (var (key, byLanguage) in themes)
        {
            if (key.Length is 0 or > 64 || !key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                v.Add(key, "Theme keys are 1–64 characters: lowercase letters, digits and underscores.");
            }
            else if (byLanguage.Count == 0 || byLanguage.Values.Any(words => words.Length == 0 || words.Any(string.IsNullOrWhiteSpace)))
            {
                v.Add(key, "Each theme needs at least one language with at least one non-empty keyword.");
            }
        }

        v.ThrowIfInvalid();
        var own = await settings.GetOrCreateOwnAsync(cancellationToken);
        own.ThemesJson = JsonSerializer.Serialize(themes);
        own.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ResetTaxonomyAsync(CancellationToken cancellationToken) =>
        await db.Set<WorkspaceAiSettings>().ExecuteUpdateAsync(s => s.SetProperty(x => x.ThemesJson, (string?)null), cancellationToken);

    public async Task<TextAnalysisView> AnalyzeAsync(string text, CancellationToken cancellationToken)
    {
        var taxonomy = await GetTaxonomyAsync(cancellationToken);
        var keys = taxonomy.Themes.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var builtin = engine.Analyze(text, taxonomy);
        var system = prompts.Get("text-analysis").Replace("{themes}", string.Join('\n', taxonomy.Themes.Select(t =>
            $"- {t.Key}: {string.Join(", ", t.KeywordsByLanguage.GetValueOrDefault("en") ?? t.KeywordsByLanguage.Values.First())}")), StringComparison.Ordinal);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema<LlmAnalysis>(schemaName: "text_analysis") };
        LlmAnalysis? parsed = null;
        var answer = await gateway.CompleteAsync(Feature, [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, text)],
            validate: json => (parsed = Parse(json, keys)) is not null, chatOptions: options, cancellationToken: cancellationToken);

        if (answer.Engine == AiEngines.Llm && parsed is not null)
        {
            return new TextAnalysisView(parsed.Language, new SentimentView(parsed.Sentiment, Math.Round(parsed.Score, 3)), parsed.Keywords.Take(8).ToList(),
                parsed.Themes.Distinct(StringComparer.Ordinal).Select(k => new ThemeView(k, 1.0, [])).ToList(), answer.Engine);
        }

        return new TextAnalysisView(builtin.Language.Code, new SentimentView(builtin.Sentiment.Label, Math.Round(builtin.Sentiment.Score, 3)),
            builtin.Keywords.Select(k => k.Text).ToList(), builtin.Themes.Select(t => new ThemeView(t.Key, Math.Round(t.Score, 3), t.Evidence)).ToList(), answer.Engine);
    }

    /// <summary>The model's answer, accepted only when every field is in range and every theme is one of the workspace's.</summary>
    private static LlmAnalysis? Parse(string json, HashSet<string> themeKeys)
    {
        try
        {
            var value = JsonSerializer.Deserialize<LlmAnalysis>(json, WireJson);
            return value is not null && Labels.Contains(value.Sentiment) && value.Score is >= -1 and <= 1 &&
                   value.Language.Length is >= 2 and <= 8 && value.Themes.All(themeKeys.Contains) && value.Keywords.All(k => k.Length <= 100)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal sealed record LlmAnalysis(
        [property: JsonRequired] string Language,
        [property: JsonRequired] string Sentiment,
        [property: JsonRequired] double Score,
        [property: JsonRequired] IReadOnlyList<string> Keywords,
        [property: JsonRequired] IReadOnlyList<string> Themes);
}
