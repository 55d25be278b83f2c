using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace Parley.Features.Ai.Engine;

/// <summary>Keyword-based theme detection over a <see cref="ThemeTaxonomy"/>; compiled indexes are cached per taxonomy.</summary>
public sealed class ThemeClassifier
{
    private static readonly ConditionalWeakTable<ThemeTaxonomy, CompiledTaxonomy> Compiled = [];

    public IReadOnlyList<ThemeMatch> Classify(string text, string lang, ThemeTaxonomy taxonomy)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = TextScratch.Rent(text);
        try
        {
            return Classify(scratch, lang, taxonomy);
        }
        finally
        {
            TextScratch.Return(scratch);
        }
    }

    internal static IReadOnlyList<ThemeMatch> Classify(TextScratch scratch, string lang, ThemeTaxonomy taxonomy)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        var langIndex = Language.IndexOf(lang);
        if (langIndex < 0)
        {
            return [];
        }

        scratch.EnsureKeys(lang);
        var index = Compiled.GetValue(taxonomy, static t => new CompiledTaxonomy(t)).ForLanguage(langIndex);
        List<string>?[]? evidence = null;
        var tokens = scratch.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].IsWord || !index.TryGetValue(scratch.Key(i), out var entries))
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (!Matches(scratch, i + 1, entry.RestKeys))
                {
                    continue;
                }

                var last = tokens[i + entry.RestKeys.Length];
                var surface = new string(scratch.Lower[tokens[i].Start..(last.Start + last.Length)]);
                evidence ??= new List<string>?[taxonomy.Themes.Count];
                var list = evidence[entry.Theme] ??= [];
                if (!list.Contains(surface))
                {
                    list.Add(surface);
                }
            }
        }

        return evidence is null ? [] : ToMatches(taxonomy, evidence);
    }

    private static List<ThemeMatch> ToMatches(ThemeTaxonomy taxonomy, List<string>?[] evidence)
    {
        var matches = new List<ThemeMatch>();
        for (var t = 0; t < evidence.Length; t++)
        {
            if (evidence[t] is { Count: > 0 } list)
            {
                matches.Add(new ThemeMatch(taxonomy.Themes[t].Key, Math.Round(1 - Math.Pow(0.5, list.Count), 3), list));
            }
        }

        matches.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Key, b.Key));
        return matches;
    }

    private static bool Matches(TextScratch scratch, int start, string[] rest)
    {
        var tokens = scratch.Tokens;
        if (start + rest.Length > tokens.Count)
        {
            return false;
        }

        for (var k = 0; k < rest.Length; k++)
        {
            if (!tokens[start + k].IsWord || !string.Equals(scratch.Key(start + k), rest[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Entry(int Theme, string[] RestKeys);

    private sealed class CompiledTaxonomy(ThemeTaxonomy taxonomy)
    {
        private readonly FrozenDictionary<string, Entry[]>?[] byLanguage = new FrozenDictionary<string, Entry[]>?[4];

        public FrozenDictionary<string, Entry[]> ForLanguage(int langIndex)
        {
            var existing = Volatile.Read(ref byLanguage[langIndex]);
            if (existing is not null)
            {
                return existing;
            }

            var built = Build(Language.Supported[langIndex]);
            Volatile.Write(ref byLanguage[langIndex], built);
            return built;
        }

        private FrozenDictionary<string, Entry[]> Build(string lang)
        {
            var map = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
            for (var t = 0; t < taxonomy.Themes.Count; t++)
            {
                if (!taxonomy.Themes[t].KeywordsByLanguage.TryGetValue(lang, out var keywords))
                {
                    continue;
                }

                foreach (var keyword in keywords)
                {
                    var keys = keyword.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Select(w => TextNormalizer.Key(w.ToLowerInvariant().AsSpan(), lang))
                        .ToArray();
                    if (keys.Length == 0)
                    {
                        continue;
                    }

                    var firstKeys = keys.Length == 1 ? TextNormalizer.IndexKeys(keyword.Trim(), lang) : [keys[0]];
                    foreach (var first in firstKeys)
                    {
                        if (!map.TryGetValue(first, out var list))
                        {
                            map[first] = list = [];
                        }

                        if (!list.Exists(e => e.Theme == t && e.RestKeys.AsSpan().SequenceEqual(keys.AsSpan(1))))
                        {
                            list.Add(new Entry(t, keys[1..]));
                        }
                    }
                }
            }

            return map.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        }
    }
}
