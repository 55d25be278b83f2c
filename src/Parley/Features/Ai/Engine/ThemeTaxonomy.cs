using System.Text.Json;

namespace Parley.Features.Ai.Engine;

public sealed record Theme(string Key, IReadOnlyDictionary<string, IReadOnlyList<string>> KeywordsByLanguage);

/// <summary>A configurable set of themes; keywords are matched on folded stems, multi-word keywords as phrases.</summary>
public sealed record ThemeTaxonomy(IReadOnlyList<Theme> Themes)
{
    private static readonly Lazy<ThemeTaxonomy> DefaultTaxonomy = new(LoadDefault);

    /// <summary>service_quality, staff, price, waiting_time, atmosphere, cleanliness, booking, product_quality, communication.</summary>
    public static ThemeTaxonomy Default => DefaultTaxonomy.Value;

    /// <summary>Parses the JSON shape {"theme": {"pl": ["word", ...], ...}, ...}.</summary>
    public static ThemeTaxonomy FromJson(string json)
    {
        var raw = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string[]>>>(json)
            ?? throw new InvalidOperationException("Theme taxonomy JSON is empty.");
        var themes = new List<Theme>(raw.Count);
        foreach (var (key, byLanguage) in raw)
        {
            var keywords = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (lang, words) in byLanguage)
            {
                keywords[lang] = words;
            }

            themes.Add(new Theme(key, keywords));
        }

        return new ThemeTaxonomy(themes);
    }

    private static ThemeTaxonomy LoadDefault() => FromJson(EngineData.ReadText("themes.json"));
}
