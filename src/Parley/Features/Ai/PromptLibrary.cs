using System.Collections.Frozen;
using System.Reflection;

namespace Parley.Features.Ai;

/// <summary>
/// Prompts live in versioned files under <c>Features/Ai/Prompts</c> (embedded), named <c>{key}.{lang}.md</c> or
/// <c>{key}.md</c>; the language-specific file wins when it exists.
/// </summary>
public sealed class PromptLibrary
{
    private readonly FrozenDictionary<string, string> _prompts;

    public PromptLibrary()
    {
        var assembly = typeof(PromptLibrary).Assembly;
        const string prefix = "Parley.Features.Ai.Prompts.";
        _prompts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[prefix.Length..^3], n => Read(assembly, n), StringComparer.Ordinal);
    }

    public string Get(string key, string? language = null) =>
        language is not null && _prompts.TryGetValue($"{key}.{language}", out var localized) ? localized
        : _prompts.TryGetValue(key, out var prompt) ? prompt
        : throw new KeyNotFoundException($"No prompt file for '{key}'.");

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim();
    }
}
