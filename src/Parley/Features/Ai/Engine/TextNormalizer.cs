using System.Collections.Frozen;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Parley.Features.Ai.Engine;

/// <summary>Lower-casing, diacritics folding, stopwords and light stemming; thread-safe.</summary>
public sealed class TextNormalizer
{
    private const int MaxCacheEntries = 100_000;

    [ThreadStatic]
    private static Dictionary<string, string>[]? keyCaches;

    [ThreadStatic]
    private static SnowballProgram?[]? stemmers;

    private readonly FrozenSet<string>[] stopwords;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>>[] stopwordLookups;

    public TextNormalizer()
    {
        stopwords = new FrozenSet<string>[4];
        stopwordLookups = new FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>>[4];
        foreach (var lang in Language.Supported)
        {
            var idx = Language.IndexOf(lang);
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var word in EngineData.ReadLines($"stopwords-{lang}.txt"))
            {
                var lower = word.ToLowerInvariant();
                set.Add(Fold(lower));
                if (lang == Language.German)
                {
                    set.Add(FoldGermanExpanded(lower));
                }
            }

            stopwords[idx] = set.ToFrozenSet(StringComparer.Ordinal);
            stopwordLookups[idx] = stopwords[idx].GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    public static TextNormalizer Shared => SharedHolder.Instance;

    public IReadOnlySet<string> Stopwords(string lang) =>
        Language.IndexOf(lang) is var i and >= 0 ? stopwords[i] : FrozenSet<string>.Empty;

    /// <summary>Lower-cases and folds diacritics (ą→a, ł→l, ä→a, ß→ss, ё→е) for matching.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Fold(text.ToLowerInvariant());
    }

    /// <summary>Folds diacritics of already lower-cased text; ß expands to "ss".</summary>
    public static string Fold(ReadOnlySpan<char> lower)
    {
        Span<char> buffer = lower.Length <= 256 ? stackalloc char[lower.Length * 2] : new char[lower.Length * 2];
        var len = Fold(lower, buffer);
        return new string(buffer[..len]);
    }

    /// <summary>Folds into <paramref name="output"/> (needs up to twice the input length) and returns the length written.</summary>
    public static int Fold(ReadOnlySpan<char> lower, Span<char> output)
    {
        var o = 0;
        foreach (var c in lower)
        {
            if (c < 0x80)
            {
                output[o++] = c;
                continue;
            }

            if (c == 'ß')
            {
                output[o++] = 's';
                output[o++] = 's';
                continue;
            }

            output[o++] = FoldChar(c);
        }

        return o;
    }

    /// <summary>German spelling without umlauts (ä→ae) so "fuer" and "für" meet.</summary>
    public static string FoldGermanExpanded(string lower)
    {
        ArgumentNullException.ThrowIfNull(lower);
        return Fold(lower.Replace("ä", "ae", StringComparison.Ordinal)
            .Replace("ö", "oe", StringComparison.Ordinal)
            .Replace("ü", "ue", StringComparison.Ordinal));
    }

    public static char FoldChar(char c) => c switch
    {
        'ą' or 'à' or 'á' or 'â' or 'ä' or 'ã' or 'å' => 'a',
        'ć' or 'ç' or 'č' => 'c',
        'ę' or 'è' or 'é' or 'ê' or 'ë' or 'ě' => 'e',
        'ł' => 'l',
        'ń' or 'ñ' or 'ň' => 'n',
        'ó' or 'ò' or 'ô' or 'ö' or 'õ' => 'o',
        'ś' or 'š' => 's',
        'ź' or 'ż' or 'ž' => 'z',
        'ü' or 'ù' or 'ú' or 'û' => 'u',
        'í' or 'ì' or 'î' or 'ï' => 'i',
        'ý' => 'y',
        'ё' => 'е',
        _ => c,
    };

    /// <summary>True when the lower-cased token is a stopword of <paramref name="lang"/> (compared folded).</summary>
    public bool IsStopword(ReadOnlySpan<char> lowerToken, string lang)
    {
        var idx = Language.IndexOf(lang);
        if (idx < 0)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[Math.Min(lowerToken.Length, 64) * 2];
        if (lowerToken.Length > 64)
        {
            return false;
        }

        var len = Fold(lowerToken, buffer);
        return stopwordLookups[idx].Contains(buffer[..len]);
    }

    public bool IsStopword(string token, string lang)
    {
        ArgumentNullException.ThrowIfNull(token);
        return IsStopword(token.ToLowerInvariant().AsSpan(), lang);
    }

    /// <summary>Light stem of a token (lower-cased, not folded), using Snowball for en/de/ru and a suffix stripper for pl.</summary>
    public static string Stem(string token, string lang)
    {
        ArgumentNullException.ThrowIfNull(token);
        var lower = token.ToLowerInvariant();
        return lang switch
        {
            Language.Polish => PolishStemmer.Stem(Fold(lower)),
            Language.English or Language.German or Language.Russian => SnowballStem(lower, lang),
            _ => lower,
        };
    }

    /// <summary>The matching key of a lower-cased token: folded stem. Cached per thread, so repeated words do not allocate.</summary>
    public static string Key(ReadOnlySpan<char> lowerToken, string lang)
    {
        var idx = Language.IndexOf(lang);
        if (idx < 0)
        {
            return Fold(lowerToken);
        }

        var caches = keyCaches ??= CreateCaches();
        var cache = caches[idx];
        var lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(lowerToken, out var key))
        {
            return key;
        }

        if (cache.Count >= MaxCacheEntries)
        {
            cache.Clear();
        }

        var surface = new string(lowerToken);
        key = ComputeKey(surface, lang);
        cache[surface] = key;
        return key;
    }

    public static string Key(string token, string lang)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Key(token.ToLowerInvariant().AsSpan(), lang);
    }

    /// <summary>Keys a dictionary word is indexed under: its stem and, because zero-ending lemmas ("problem") can over-stem, its folded form.</summary>
    internal static IEnumerable<string> IndexKeys(string word, string lang)
    {
        var lower = word.ToLowerInvariant();
        var key = Key(lower.AsSpan(), lang);
        yield return key;
        var folded = Fold(lower);
        if (!string.Equals(folded, key, StringComparison.Ordinal))
        {
            yield return folded;
        }
    }

    private static string ComputeKey(string lower, string lang)
    {
        if (lang == Language.Polish)
        {
            return PolishStemmer.Stem(Fold(lower));
        }

        var stem = lang == Language.English && lower.Contains('\'', StringComparison.Ordinal)
            ? lower
            : SnowballStem(lower, lang);
        return Fold(stem);
    }

    private static string SnowballStem(string lower, string lang)
    {
        var idx = Language.IndexOf(lang);
        var all = stemmers ??= new SnowballProgram?[4];
        var stemmer = all[idx] ??= lang switch
        {
            Language.English => new EnglishStemmer(),
            Language.German => new German2Stemmer(),
            _ => new RussianStemmer(),
        };
        stemmer.SetCurrent(lang == Language.Russian ? lower.Replace('ё', 'е') : lower);
        stemmer.Stem();
        return stemmer.Current;
    }

    private static Dictionary<string, string>[] CreateCaches()
    {
        var caches = new Dictionary<string, string>[4];
        for (var i = 0; i < caches.Length; i++)
        {
            caches[i] = new Dictionary<string, string>(1024, StringComparer.Ordinal);
        }

        return caches;
    }

    private static class SharedHolder
    {
        public static readonly TextNormalizer Instance = new();
    }
}
