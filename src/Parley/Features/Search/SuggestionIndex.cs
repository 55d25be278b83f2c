using Parley.Features.Ai.Engine;

namespace Parley.Features.Search;

public sealed record Suggestion(string Text, string Type, string? Id, string Language);

/// <summary>
/// Autocomplete written for Parley (no Lucene suggester here): the words of titles and phrasings, folded for matching and shown
/// as people wrote them, in one sorted array per language (a prefix is a binary-searched range); and the titles themselves.
/// </summary>
public sealed class SuggestionIndex
{
    private readonly Dictionary<string, Word[]> _words;
    private readonly Dictionary<string, Title[]> _titles;

    private readonly record struct Word(string Key, string Display, int Count);

    private sealed record Title(string Display, string[] Keys, string Id, string Kind, string Language);

    private SuggestionIndex(Dictionary<string, Word[]> words, Dictionary<string, Title[]> titles)
    {
        _words = words;
        _titles = titles;
    }

    public static SuggestionIndex Build(IReadOnlyList<SearchDocument> documents)
    {
        var words = new Dictionary<string, Word[]>(StringComparer.Ordinal);
        var titles = new Dictionary<string, Title[]>(StringComparer.Ordinal);
        foreach (var group in documents.GroupBy(d => d.Language, StringComparer.Ordinal))
        {
            var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            var titleList = new List<Title>();
            foreach (var document in group)
            {
                foreach (var phrase in document.Phrasings.Append(document.Title).Distinct(StringComparer.Ordinal))
                {
                    foreach (var word in Words(phrase))
                    {
                        var key = Fold(word);
                        if (key.Length < 3 || TextNormalizer.Shared.IsStopword(key, group.Key))
                        {
                            continue;
                        }

                        if (!counts.TryGetValue(key, out var forms))
                        {
                            counts[key] = forms = new Dictionary<string, int>(StringComparer.Ordinal);
                        }

                        var display = word.ToLowerInvariant();
                        forms[display] = forms.GetValueOrDefault(display) + 1;
                    }
                }

                if (document.Title.Length is > 0 and <= 160)
                {
                    titleList.Add(new Title(document.Title, Words(document.Title).Select(Fold).ToArray(), document.Id, document.Kind, document.Language));
                }
            }

            words[group.Key] = counts
                .Select(c => new Word(c.Key, c.Value.MaxBy(f => f.Value).Key, c.Value.Values.Sum()))
                .OrderBy(w => w.Key, StringComparer.Ordinal)
                .ToArray();
            titles[group.Key] = titleList.ToArray();
        }

        return new SuggestionIndex(words, titles);
    }

    /// <summary>
    /// Completions of the last word typed (the words before it kept as typed), then titles that hold every word typed, the last
    /// one as a prefix.
    /// </summary>
    public IReadOnlyList<Suggestion> Suggest(string text, string? language, int limit)
    {
        var typed = Words(text).ToList();
        if (typed.Count == 0 || limit < 1)
        {
            return [];
        }

        var endsWithSpace = char.IsWhiteSpace(text[^1]);
        var prefix = endsWithSpace ? string.Empty : Fold(typed[^1]);
        var complete = (endsWithSpace ? typed : typed[..^1]).Select(Fold).ToArray();
        var head = string.Join(' ', endsWithSpace ? typed : typed[..^1]);
        var languages = language is null ? _words.Keys.ToArray() : _words.ContainsKey(language) ? [language] : [];
        var results = new List<Suggestion>(limit);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        if (prefix.Length > 0)
        {
            var completions = languages
                .SelectMany(l => Range(_words[l], prefix).Select(w => (Word: w, Language: l)))
                .Where(x => x.Word.Key != prefix || x.Word.Count > 1)
                .OrderByDescending(x => x.Word.Count).ThenBy(x => x.Word.Key.Length).ThenBy(x => x.Word.Key, StringComparer.Ordinal)
                .Take(Math.Max(1, (limit + 1) / 2));
            foreach (var (word, lang) in completions)
            {
                var suggestion = head.Length == 0 ? word.Display : head + " " + word.Display;
                if (seen.Add(suggestion))
                {
                    results.Add(new Suggestion(suggestion, "term", null, lang));
                }
            }
        }

        var titles = languages.SelectMany(l => _titles[l])
            .Select(t => (Title: t, Score: TitleScore(t, complete, prefix)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Title.Display.Length).ThenBy(x => x.Title.Id, StringComparer.Ordinal);
        foreach (var (title, _) in titles)
        {
            if (results.Count >= limit)
            {
                break;
            }

            if (seen.Add(title.Display))
            {
                results.Add(new Suggestion(title.Display, title.Kind, title.Id, title.Language));
            }
        }

        return results.Take(limit).ToList();
    }

    private static int TitleScore(Title title, string[] complete, string prefix)
    {
        foreach (var word in complete)
        {
            if (!title.Keys.Any(k => k.StartsWith(word, StringComparison.Ordinal)))
            {
                return 0;
            }
        }

        if (prefix.Length == 0)
        {
            return complete.Length > 0 ? 1 : 0;
        }

        for (var i = 0; i < title.Keys.Length; i++)
        {
            if (title.Keys[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return i == 0 ? 3 : 2;
            }
        }

        return 0;
    }

    private static IEnumerable<Word> Range(Word[] words, string prefix)
    {
        var lo = 0;
        var hi = words.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(words[mid].Key, prefix) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        for (var i = lo; i < words.Length && words[i].Key.StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return words[i];
        }
    }

    private static string Fold(string word) => TextNormalizer.Normalize(word);

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || (text[i] is '-' or '\'' && start >= 0));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i].Trim('-', '\'');
                start = -1;
            }
        }
    }
}
