using System.Collections.Frozen;

namespace Parley.Features.Ai.Engine;

/// <summary>Short-text language identification: script, diacritics, common words and character trigram profiles.</summary>
public sealed class LanguageDetector
{
    // Latin-script languages scored by the profiles; Russian is decided by script.
    private static readonly string[] LatinLanguages = [Language.Polish, Language.English, Language.German];
    private const double WordWeight = 2.5;
    private const double DiacriticWeight = 3.0;

    private readonly FrozenDictionary<ulong, int> trigramIndex;
    private readonly float[] trigramLogProb;
    private readonly FrozenDictionary<string, byte> vocabulary;
    private readonly FrozenDictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> vocabularyLookup;

    public LanguageDetector()
        : this(TextNormalizer.Shared)
    {
    }

    public LanguageDetector(TextNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        var counts = new Dictionary<ulong, int[]>();
        var totals = new long[LatinLanguages.Length];
        var vocab = new Dictionary<string, byte>(StringComparer.Ordinal);
        for (var l = 0; l < LatinLanguages.Length; l++)
        {
            var lang = LatinLanguages[l];
            var words = new List<string>(normalizer.Stopwords(lang));
            words.AddRange(SplitWords(TextNormalizer.Normalize(EngineData.ReadText($"sample-{lang}.txt"))));
            foreach (var word in words)
            {
                vocab[word] = (byte)(vocab.GetValueOrDefault(word) | (1 << l));
                ulong window = Pack(' ', ' ');
                foreach (var c in word.Append(' '))
                {
                    window = Shift(window, c);
                    if (!counts.TryGetValue(window, out var perLang))
                    {
                        counts[window] = perLang = new int[LatinLanguages.Length];
                    }

                    perLang[l]++;
                    totals[l]++;
                }
            }
        }

        var index = new Dictionary<ulong, int>(counts.Count);
        trigramLogProb = new float[counts.Count * LatinLanguages.Length];
        var i = 0;
        foreach (var (trigram, perLang) in counts)
        {
            index[trigram] = i;
            for (var l = 0; l < LatinLanguages.Length; l++)
            {
                trigramLogProb[(i * LatinLanguages.Length) + l] =
                    (float)Math.Log((perLang[l] + 0.3) / (totals[l] + (0.3 * counts.Count)));
            }

            i++;
        }

        trigramIndex = index.ToFrozenDictionary();
        vocabulary = vocab.ToFrozenDictionary(StringComparer.Ordinal);
        vocabularyLookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public LanguageGuess Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = TextScratch.Rent(text);
        try
        {
            return Detect(scratch);
        }
        finally
        {
            TextScratch.Return(scratch);
        }
    }

    internal LanguageGuess Detect(TextScratch scratch)
    {
        var lower = scratch.Lower;
        int cyrillic = 0, latin = 0;
        double polishMarks = 0, germanMarks = 0;
        foreach (var c in lower)
        {
            if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (c is (>= 'a' and <= 'z') or (>= '\u00C0' and <= '\u024F'))
            {
                latin++;
                switch (c)
                {
                    case 'ą' or 'ć' or 'ę' or 'ł' or 'ń' or 'ś' or 'ź' or 'ż':
                        polishMarks += 1;
                        break;
                    case 'ó':
                        polishMarks += 0.5;
                        break;
                    case 'ä' or 'ö' or 'ü' or 'ß':
                        germanMarks += 1;
                        break;
                }
            }
        }

        if (cyrillic == 0 && latin == 0)
        {
            return new LanguageGuess(Language.Unknown, 0);
        }

        if (cyrillic >= latin)
        {
            return new LanguageGuess(Language.Russian, Math.Round(0.5 + (0.5 * cyrillic / (cyrillic + latin)), 3));
        }

        Span<double> scores = stackalloc double[LatinLanguages.Length];
        scores.Clear();
        scores[0] += polishMarks * DiacriticWeight;
        scores[2] += germanMarks * DiacriticWeight;
        Span<char> folded = stackalloc char[128];
        foreach (var token in scratch.Tokens)
        {
            if (!token.IsWord || token.Length > 60)
            {
                continue;
            }

            var surface = scratch.Surface(token);
            var len = TextNormalizer.Fold(surface, folded);
            var word = folded[..len];
            if (vocabularyLookup.TryGetValue(word, out var mask))
            {
                var share = WordWeight / System.Numerics.BitOperations.PopCount(mask);
                for (var l = 0; l < LatinLanguages.Length; l++)
                {
                    if ((mask & (1 << l)) != 0)
                    {
                        scores[l] += share;
                    }
                }
            }

            AddTrigrams(word, scores);
        }

        return Best(scores);
    }

    private void AddTrigrams(ReadOnlySpan<char> word, Span<double> scores)
    {
        ulong window = Pack(' ', ' ');
        for (var k = 0; k <= word.Length; k++)
        {
            window = Shift(window, k < word.Length ? word[k] : ' ');
            if (trigramIndex.TryGetValue(window, out var row))
            {
                var offset = row * LatinLanguages.Length;
                for (var l = 0; l < LatinLanguages.Length; l++)
                {
                    scores[l] += trigramLogProb[offset + l];
                }
            }
        }
    }

    private static LanguageGuess Best(ReadOnlySpan<double> scores)
    {
        var best = 0;
        for (var l = 1; l < scores.Length; l++)
        {
            if (scores[l] > scores[best])
            {
                best = l;
            }
        }

        double sum = 0;
        foreach (var s in scores)
        {
            sum += Math.Exp(s - scores[best]);
        }

        return new LanguageGuess(LatinLanguages[best], Math.Round(1 / sum, 3));
    }

    private static ulong Pack(char a, char b) => ((ulong)a << 16) | b;

    private static ulong Shift(ulong window, char c) => ((window << 16) | c) & 0xFFFF_FFFF_FFFF;

    private static IEnumerable<string> SplitWords(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isLetter = i < text.Length && char.IsLetter(text[i]);
            if (isLetter && start < 0)
            {
                start = i;
            }
            else if (!isLetter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
