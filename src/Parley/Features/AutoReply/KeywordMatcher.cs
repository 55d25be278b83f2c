using Parley.Features.Ai.Engine;

namespace Parley.Features.AutoReply;

/// <summary>
/// Keyword matching for rules and approval keywords: case- and diacritics-insensitive ("Reklamację" meets "reklamacja"),
/// on whole words. A keyword word matches a text word that starts with it ("problem" → "problemy") or that has the same
/// light Polish stem ("reklamacja" → "reklamacji"); a keyword of several words matches those words in a row.
/// </summary>
public sealed class KeywordMatcher
{
    private readonly string[] _words;
    private readonly string[] _stems;

    private KeywordMatcher(string original, string[] words)
    {
        Original = original;
        _words = words;
        _stems = words.Select(PolishStemmer.Stem).ToArray();
    }

    public string Original { get; }

    /// <summary>Null when the keyword has no letters or digits.</summary>
    public static KeywordMatcher? Compile(string keyword)
    {
        var words = Words(TextNormalizer.Normalize(keyword));
        return words.Length == 0 ? null : new KeywordMatcher(keyword.Trim(), words);
    }

    public bool IsIn(MatchableText text)
    {
        var words = text.Words;
        for (var i = 0; i + _words.Length <= words.Length; i++)
        {
            var all = true;
            for (var j = 0; j < _words.Length && all; j++)
            {
                all = words[i + j].StartsWith(_words[j], StringComparison.Ordinal) || text.Stem(i + j) == _stems[j];
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    internal static string[] Words(string normalized)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var letter = i < normalized.Length && char.IsLetterOrDigit(normalized[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(normalized[start..i]);
                start = -1;
            }
        }

        return [.. words];
    }
}

/// <summary>An item's text prepared once for all the keyword checks of an evaluation (stems computed on first use).</summary>
public sealed class MatchableText(string text)
{
    private string[]? _words;
    private string?[]? _stems;

    public string[] Words => _words ??= KeywordMatcher.Words(TextNormalizer.Normalize(text));

    public string Stem(int index)
    {
        _stems ??= new string?[Words.Length];
        return _stems[index] ??= PolishStemmer.Stem(Words[index]);
    }
}
