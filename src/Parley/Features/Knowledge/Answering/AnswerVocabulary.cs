using System.Text;
using System.Text.RegularExpressions;
using Parley.Features.Ai.Engine;
using Parley.Features.Search;

namespace Parley.Features.Knowledge.Answering;

/// <summary>
/// What the answerer knows about words beyond the knowledge base itself: per-language synonym groups (data files in
/// <c>Answering/Vocabulary</c>, general renovation and business vocabulary) and German compound splitting against the knowledge
/// base's own words, so <c>Telefonnummer</c> finds an entry that says <c>Telefon</c> and <c>Nummer</c>.
/// </summary>
public static partial class AnswerVocabulary
{
    private const int MinCompoundLength = 8;
    private const int MinPartLength = 3;
    private const int MinHeadLength = 5;

    // German linking elements (Fugen) between the parts of a compound: Arbeit-s-zeit, Woche-n-ende.
    private static readonly string[] Linkers = ["", "s", "es", "n", "en", "e"];

    private static readonly Lazy<IReadOnlyDictionary<string, Synonyms>> ByLanguage = new(() =>
        Language.Supported.ToDictionary(l => l, Load, StringComparer.Ordinal));

    /// <summary>Per analyzed term: the terms that mean the same (itself excluded), and those terms with the words they came from.</summary>
    private sealed record Synonyms(IReadOnlyDictionary<string, HashSet<string>> Terms, IReadOnlyDictionary<string, Dictionary<string, string>> Words);

    /// <summary>The analyzed terms of the same groups as <paramref name="term"/>; empty when it is in none.</summary>
    public static IReadOnlySet<string> SynonymsOf(string language, string term) =>
        ByLanguage.Value.TryGetValue(language, out var synonyms) && synonyms.Terms.TryGetValue(term, out var terms) ? terms : Empty;

    /// <summary>The words of the same groups as <paramref name="term"/> (word → its analyzed term), to widen the search for candidates.</summary>
    public static IReadOnlyDictionary<string, string> WordsFor(string language, string term) =>
        ByLanguage.Value.TryGetValue(language, out var synonyms) && synonyms.Words.TryGetValue(term, out var words) ? words : NoWords;

    private static readonly HashSet<string> Empty = [];
    private static readonly Dictionary<string, string> NoWords = [];

    /// <summary>
    /// Splits German compounds the knowledge base does not use into parts it does (<c>Telefonnummer</c> → <c>Telefon Nummer</c>,
    /// <c>Badsanierung</c> → <c>Bad Sanierung</c>). A word the knowledge base knows stays whole. When only the last part (the
    /// compound's head, which carries its meaning) is known, the split is still made. Other languages are returned unchanged.
    /// </summary>
    public static string SplitCompounds(string message, string language, Func<string, bool> known)
    {
        if (language != Language.German)
        {
            return message;
        }

        return Word().Replace(message, m =>
        {
            var word = m.Value;
            if (word.Length < MinCompoundLength)
            {
                return word;
            }

            var whole = SearchAnalyzers.Terms(language, word);
            if (whole.Count != 1 || known(whole[0]))
            {
                return word;
            }

            var lower = word.ToLowerInvariant();
            string? best = null;
            var bestScore = 0;
            for (var i = MinPartLength; i <= lower.Length - MinPartLength; i++)
            {
                var head = lower[i..];
                var headTerms = SearchAnalyzers.Terms(language, head);
                if (headTerms.Count != 1 || !known(headTerms[0]))
                {
                    continue;
                }

                foreach (var linker in Linkers)
                {
                    var left = lower[..i];
                    if (linker.Length > 0 && !left.EndsWith(linker, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    left = left[..^linker.Length];
                    if (left.Length < MinPartLength)
                    {
                        continue;
                    }

                    var leftTerms = SearchAnalyzers.Terms(language, left);
                    var bothKnown = leftTerms.Count == 1 && known(leftTerms[0]);
                    if (!bothKnown && head.Length < MinHeadLength)
                    {
                        continue;
                    }

                    // Both parts known beats head only; then the most even split (the longest shorter part).
                    var score = (bothKnown ? 100 : 0) + Math.Min(left.Length, head.Length);
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = left + " " + head;
                    }
                }
            }

            return best ?? word;
        });
    }

    private static Synonyms Load(string language)
    {
        var terms = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var words = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        using var stream = typeof(AnswerVocabulary).Assembly.GetManifestResourceStream($"Parley.Features.Knowledge.Answering.Vocabulary.synonyms-{language}.txt");
        if (stream is null)
        {
            return new Synonyms(terms, words);
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // Each word of the group with its single analyzed term; phrases and stopwords say nothing on their own and are left out.
            var group = line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(w => (Word: w, Terms: SearchAnalyzers.Terms(language, w)))
                .Where(w => w.Terms.Count == 1)
                .Select(w => (w.Word, Term: w.Terms[0]))
                .ToList();
            foreach (var (_, term) in group)
            {
                var related = terms.TryGetValue(term, out var t) ? t : terms[term] = new HashSet<string>(StringComparer.Ordinal);
                var surfaces = words.TryGetValue(term, out var s) ? s : words[term] = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (otherWord, otherTerm) in group)
                {
                    if (otherTerm != term)
                    {
                        related.Add(otherTerm);
                        surfaces[otherWord] = otherTerm;
                    }
                }
            }
        }

        return new Synonyms(terms, words);
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
