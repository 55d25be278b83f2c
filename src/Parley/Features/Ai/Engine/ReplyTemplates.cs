using System.Text.Json;

namespace Parley.Features.Ai.Engine;

internal sealed record BandTemplates(IReadOnlyList<string> Openings, IReadOnlyList<string> Closings);

/// <summary>Reply wording for one language, loaded from Data/replies-{lang}.json.</summary>
internal sealed record ReplyTemplates(
    string GreetingNamed,
    string GreetingAnonymous,
    string Signature,
    string SignatureAnonymous,
    string BusinessFallback,
    IReadOnlyDictionary<string, BandTemplates> Bands,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Themes)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    private static readonly Lazy<ReplyTemplates[]> All = new(() =>
    [
        Load(Language.Polish),
        Load(Language.English),
        Load(Language.German),
        Load(Language.Russian),
    ]);

    public static ReplyTemplates For(string lang) => All.Value[Language.IndexOf(lang)];

    private static ReplyTemplates Load(string lang)
    {
        using var stream = EngineData.Open($"replies-{lang}.json");
        return JsonSerializer.Deserialize<ReplyTemplates>(stream, Options)
            ?? throw new InvalidOperationException($"Reply templates for '{lang}' are empty.");
    }
}
