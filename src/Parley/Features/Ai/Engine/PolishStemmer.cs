namespace Parley.Features.Ai.Engine;

/// <summary>Light suffix-stripping stemmer for diacritic-folded Polish; groups inflections, not a full morphological analyser.</summary>
public static class PolishStemmer
{
    // Longest suffixes first so "owania" wins over "a"; all in folded form.
    private static readonly string[] Suffixes =
    [
        "owaniem", "owania", "owanie", "iejszy", "iejsza", "iejsze", "ejszego", "ejszy", "ejsza", "ejsze",
        "owego", "owemu", "owych", "owymi", "anego", "anemu", "anych", "enego", "onych",
        "alismy", "alysmy", "ilismy", "ujemy", "ujecie", "ujesz", "owala", "owali", "owaly", "owalo", "owal", "owac",
        "alam", "alem", "alas", "ales", "ilam", "ilem", "ylam", "ylem", "elam", "elem",
        "ania", "anie", "aniu", "enia", "enie", "eniu", "osci", "osc",
        "ami", "ach", "ego", "emu", "ich", "ych", "imi", "ymi", "owa", "owe", "owi", "owy", "owo", "ami", "om",
        "uje", "uja", "ala", "ali", "alo", "aly", "ila", "ili", "ilo", "ily", "yla", "yli", "ela", "eli",
        "acy", "aca", "ace", "asz", "amy", "acie", "aja", "esz", "emy", "ecie", "cie",
        "al", "il", "yl", "ac", "ic", "yc", "ec",
        "ow", "em", "en", "an", "ie", "ia", "iu", "ej", "ym", "im", "am", "mi",
        "a", "e", "i", "o", "u", "y",
    ];

    /// <summary>Stems a lower-cased, folded Polish word into <paramref name="output"/> and returns its length.</summary>
    public static int Stem(ReadOnlySpan<char> word, Span<char> output)
    {
        var len = word.Length;
        if (len >= 4)
        {
            foreach (var suffix in Suffixes)
            {
                // Keep at least three characters of stem, four for long suffixes, to avoid over-stemming.
                var minStem = suffix.Length >= 4 ? 4 : 3;
                if (len - suffix.Length >= minStem && word.EndsWith(suffix, StringComparison.Ordinal))
                {
                    len -= suffix.Length;
                    break;
                }
            }
        }

        word[..len].CopyTo(output);
        return len;
    }

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        Span<char> buffer = stackalloc char[word.Length];
        var len = Stem(word, buffer);
        return new string(buffer[..len]);
    }
}
