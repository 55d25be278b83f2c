using System.Collections.Frozen;
using System.Globalization;

namespace Parley.Features.Ai.Engine;

internal enum ModifierKind : byte
{
    None,
    Negator,
    Intensifier,
    Diminisher,
    Contrast,
    Concession,
    Neutralizer,
    PairedNeutralizer,
}

/// <summary>What a word or phrase contributes: a polarity, a modifier role, or both.</summary>
internal readonly record struct WordRole(float Sentiment, bool HasSentiment, ModifierKind Modifier, float Factor)
{
    public WordRole Merge(WordRole other) => new(
        other.HasSentiment ? other.Sentiment : Sentiment,
        HasSentiment || other.HasSentiment,
        other.Modifier != ModifierKind.None ? other.Modifier : Modifier,
        other.Modifier != ModifierKind.None ? other.Factor : Factor);
}

internal sealed record PhraseRole(string[] RestKeys, WordRole Role);

/// <summary>Per-language polarity lexicon and modifiers keyed by folded stems, loaded from embedded data.</summary>
internal sealed class SentimentLexicon
{
    private SentimentLexicon(string lang)
    {
        var words = new Dictionary<string, WordRole>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, List<PhraseRole>>(StringComparer.Ordinal);
        foreach (var line in EngineData.ReadLines($"lexicon-{lang}.txt"))
        {
            var parts = line.Split('\t');
            var score = float.Parse(parts[1], CultureInfo.InvariantCulture);
            Add(lang, parts[0], new WordRole(score, true, ModifierKind.None, 1), words, phrases);
        }

        foreach (var line in EngineData.ReadLines($"modifiers-{lang}.txt"))
        {
            var parts = line.Split('\t');
            var kind = Enum.Parse<ModifierKind>(parts[0], ignoreCase: true);
            var factor = parts.Length > 2 ? float.Parse(parts[2], CultureInfo.InvariantCulture) : 1f;
            Add(lang, parts[1], new WordRole(0, false, kind, factor), words, phrases);
        }

        Words = words.ToFrozenDictionary(StringComparer.Ordinal);
        Phrases = phrases.ToFrozenDictionary(
            p => p.Key,
            p => p.Value.OrderByDescending(x => x.RestKeys.Length).ToArray(),
            StringComparer.Ordinal);
        Code = lang;
    }

    public string Code { get; }

    public FrozenDictionary<string, WordRole> Words { get; }

    public FrozenDictionary<string, PhraseRole[]> Phrases { get; }

    public static SentimentLexicon For(string lang) => Cache.All[Language.IndexOf(lang)];

    private static void Add(
        string lang,
        string term,
        WordRole role,
        Dictionary<string, WordRole> words,
        Dictionary<string, List<PhraseRole>> phrases)
    {
        var keys = term.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => TextNormalizer.Key(t.ToLowerInvariant().AsSpan(), lang))
            .ToArray();
        if (keys.Length == 1)
        {
            foreach (var key in TextNormalizer.IndexKeys(term.Trim(), lang))
            {
                // A stem shared with a different word must not be overwritten by the lemma alias.
                words[key] = words.TryGetValue(key, out var existing) ? existing.Merge(role) : role;
            }

            return;
        }

        if (!phrases.TryGetValue(keys[0], out var list))
        {
            phrases[keys[0]] = list = [];
        }

        list.Add(new PhraseRole(keys[1..], role));
    }

    private static class Cache
    {
        public static readonly SentimentLexicon[] All =
        [
            new(Language.Polish),
            new(Language.English),
            new(Language.German),
            new(Language.Russian),
        ];
    }
}
