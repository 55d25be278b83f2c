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
        var count = text.Count;
        for (var i = 0; i + _words.Length <= count; i++)
        {
            var all = true;
            for (var j = 0; j < _words.Length && all; j++)
            {
                // Equal stems mean the word starts with the keyword's stem: check that before stemming the word.
                var word = text.Word(i + j);
                all = word.StartsWith(_words[j], StringComparison.Ordinal) ||
                      (word.StartsWith(_stems[j], StringComparison.Ordinal) && text.Stem(i + j) == _stems[j]);
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

/// <summary>
/// An item's text prepared once for all the keyword checks of an evaluation: lower-cased and folded in one pass, words kept
/// as ranges of it (no string per word), stems computed on first use.
/// </summary>
public sealed class MatchableText
{
    private readonly string _normalized;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private string?[]? _stems;

    public MatchableText(string text)
    {
        var buffer = text.Length <= 512 ? stackalloc char[text.Length * 2] : new char[text.Length * 2];
        var n = 0;
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            if (lower == 'ß')
            {
                buffer[n++] = 's';
                buffer[n++] = 's';
            }
            else
            {
                buffer[n++] = lower < 0x80 ? lower : TextNormalizer.FoldChar(lower);
            }
        }

        _normalized = new string(buffer[..n]);
        var starts = new List<int>(16);
        var lengths = new List<int>(16);
        var start = -1;
        for (var i = 0; i <= _normalized.Length; i++)
        {
            var letter = i < _normalized.Length && char.IsLetterOrDigit(_normalized[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                starts.Add(start);
                lengths.Add(i - start);
                start = -1;
            }
        }

        _starts = [.. starts];
        _lengths = [.. lengths];
    }

    public int Count => _starts.Length;

    public ReadOnlySpan<char> Word(int index) => _normalized.AsSpan(_starts[index], _lengths[index]);

    public string Stem(int index)
    {
        _stems ??= new string?[_starts.Length];
        if (_stems[index] is { } stem)
        {
            return stem;
        }

        Span<char> output = stackalloc char[_lengths[index]];
        var length = PolishStemmer.Stem(Word(index), output);
        return _stems[index] = new string(output[..length]);
    }
}
