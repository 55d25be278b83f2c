using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Parley.Features.Search;

namespace Parley.Features.Knowledge.Answering;

public sealed record MatchedEntry(SearchDocument Document, double Score, double QueryCoverage);

/// <param name="UnknownShare">
/// The share of the message's weight in words the knowledge base never uses and that mean nothing it uses either (no synonym it
/// knows; fillers and numbers aside): "car" in "do you do car repairs". A large share says the question is about something else.
/// </param>
public sealed record MatchResult(IReadOnlyList<MatchedEntry> Candidates, int QueryTerms, double UnknownShare = 0)
{
    public MatchedEntry? Best => Candidates.Count > 0 ? Candidates[0] : null;

    public double Confidence => Best?.Score ?? 0;
}

/// <summary>
/// Decides how well knowledge entries answer a message. Lucene retrieves candidates (stems, typos); each is then scored against
/// every way people ask for it (question, alternatives, tags, title) by how much of the message's weight it covers — words rare
/// in the knowledge base weigh more, words it has never seen weigh most, so an off-topic question covers little and scores low —
/// and how much of the phrasing the message covers. The body counts too, but cannot alone make a confident match. German compounds
/// are split against the knowledge base's words first, and a word counts as covered (at a discount) by a synonym from the
/// per-language vocabulary (<see cref="AnswerVocabulary"/>), which also widens the search for candidates.
/// </summary>
public static class KnowledgeMatcher
{
    public const int CandidateCount = 16;
    private const double FuzzyCredit = 0.8;
    private const double BodyFactor = 0.6;
    private const double BodySupport = 0.2;
    private const double UnknownWordShare = 8;
    private const double FillerShare = 0.25;
    private const double SynonymCredit = 0.8;
    private const int MinFuzzyLength = 5;
    private const int MaxCachedFrequencies = 50_000;

    // Words visitors wrap questions in ("I'd like to know", "could you"): when the knowledge base does not use them they say
    // nothing about the topic, unlike an unknown noun ("cars", "weather"), which says the question is about something else.
    private static readonly Lazy<Dictionary<string, HashSet<string>>> QuestionWords = new(() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pl"] = "chce chcę chciałbym chciałabym chcielibyśmy potrzebuję potrzebujemy poznać wiedzieć dowiedzieć zapytać pytam pytanie proszę podajcie "
            + "podać powiedzieć powiedzcie możecie można mogę musze muszę trzeba macie mam mamy jesteście robicie zrobicie robić zrobić będziecie "
            + "będzie interesuje szukam wasz wasza wasze waszej u was info informacja informacje jakiś jakaś jakieś coś dokładnie mniej więcej około "
            + "dzień dobry witam witajcie hej cześć pozdrawiam dziękuję wziąć brać dostać mieć dać wynosi wynosić możliwość możliwe możliwy możliwa",
        ["en"] = "want wanna would like need know tell please could can may might get give bring whats what's wondering wonder ask asking question "
            + "info information interested looking any some exactly roughly approximately about also "
            + "hello hi hey good morning afternoon evening thanks regards take get make possible possibility",
        ["de"] = "möchte möchten will wollen brauche brauchen bitte können könnten kann gibt geben sagen wissen erfahren frage fragen "
            + "interessiere interessiert suche info information informationen ungefähr etwa genau auch "
            + "hallo guten tag morgen abend grüße gruß danke nehmen bekommen machen lautet möglich möglichkeit",
        ["ru"] = "хочу хотел хотела нужно нужен нужна подскажите скажите пожалуйста можно могу можете узнать вопрос интересует "
            + "здравствуйте привет добрый день спасибо",
    }.ToDictionary(l => l.Key, l => l.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(w => SearchAnalyzers.Terms(l.Key, w))
        .ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal));

    public static MatchResult Match(SearchIndex index, string message, string language)
    {
        if (index.DocumentCount(language) == 0)
        {
            return new MatchResult([], SearchAnalyzers.Terms(language, message, SearchIndex.MaxQueryTerms).Count);
        }

        message = AnswerVocabulary.SplitCompounds(message, language, t => index.DocumentFrequency(language, t) > 0);
        var terms = SearchAnalyzers.Terms(language, message, SearchIndex.MaxQueryTerms).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0)
        {
            return new MatchResult([], terms.Count);
        }

        var n = index.DocumentCount(language);
        // A word the knowledge base never uses weighs like a moderately rare one: enough that a question about something else
        // covers little, not so much that one filler word ("chciałbym", "upfront") sinks a good match.
        var unknown = Math.Log(1 + (n / UnknownWordShare));
        var dfCache = Frequencies.GetValue(index, _ => new ConcurrentDictionary<(string, string), int>());
        int Df(string term) =>
            dfCache.TryGetValue((language, term), out var known) ? known
            : dfCache.Count < MaxCachedFrequencies ? dfCache.GetOrAdd((language, term), key => index.DocumentFrequency(key.Item1, key.Item2))
            : index.DocumentFrequency(language, term);

        double KnownIdf(int df) => Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));

        var idfCache = new Dictionary<string, double>(StringComparer.Ordinal);
        double Idf(string term)
        {
            if (!idfCache.TryGetValue(term, out var idf))
            {
                var df = Df(term);
                if (df > 0)
                {
                    idf = KnownIdf(df);
                }
                else if (IsFiller(language, term))
                {
                    idf = unknown * FillerShare;
                }
                else
                {
                    // An unknown word that means the same as words the knowledge base uses is about that topic, not another one.
                    var synonyms = AnswerVocabulary.SynonymsOf(language, term).Select(Df).Where(d => d > 0).ToList();
                    idf = synonyms.Count > 0 ? Math.Min(unknown, KnownIdf(synonyms.Min())) : unknown;
                }

                idfCache[term] = idf;
            }

            return idf;
        }

        // Candidates: the message's words and, for words with synonyms the knowledge base uses, those synonyms too.
        var widened = new List<string>();
        foreach (var term in terms)
        {
            foreach (var (word, synonym) in AnswerVocabulary.WordsFor(language, term))
            {
                if (widened.Count < SearchIndex.MaxQueryTerms - terms.Count && Df(synonym) > 0 && !terms.Contains(synonym))
                {
                    widened.Add(word);
                }
            }
        }

        // The synonyms are looked up exactly (typo tolerance is for what the visitor typed, and fuzzy terms cost the most).
        var hits = index.Search(new SearchRequest(message, language, null, CandidateCount, Fuzzy: true, Snippets: false));
        if (widened.Count > 0)
        {
            var seen = hits.Select(h => h.Document.Id).ToHashSet(StringComparer.Ordinal);
            hits = [.. hits, .. index.Search(new SearchRequest(string.Join(' ', widened), language, null, CandidateCount, Fuzzy: false, Snippets: false))
                .Where(h => seen.Add(h.Document.Id))];
        }

        if (hits.Count == 0)
        {
            return new MatchResult([], terms.Count);
        }

        var queryWeight = terms.Sum(Idf);
        var unknownWeight = terms.Where(t => Df(t) == 0 && !IsFiller(language, t) && !AnswerVocabulary.SynonymsOf(language, t).Any(s => Df(s) > 0)).Sum(Idf);
        var candidates = new List<MatchedEntry>(hits.Count);
        foreach (var hit in hits)
        {
            var document = hit.Document;
            var best = 0.0;
            var bestCoverage = 0.0;
            var analyzed = TermsOf(document);
            foreach (var phrasingTerms in analyzed.Phrasings)
            {
                var (covered, used) = Cover(language, terms, phrasingTerms, Idf);
                var queryCoverage = covered / queryWeight;
                var phrasingCoverage = used / phrasingTerms.Sum(Idf);
                var score = queryCoverage * (0.6 + (0.4 * phrasingCoverage));
                if (score > best)
                {
                    best = score;
                    bestCoverage = queryCoverage;
                }
            }

            var bodyCoverage = Cover(language, terms, analyzed.Everything, Idf).Covered / queryWeight;
            // The body may back up a phrasing match (the words the phrasing lacks are in the answer), never replace it.
            var support = bestCoverage >= 0.5 ? BodySupport * Math.Max(0, bodyCoverage - bestCoverage) : 0;
            var final = Math.Max(best, BodyFactor * bodyCoverage * bodyCoverage) + support;
            candidates.Add(new MatchedEntry(document, Math.Round(final, 4), Math.Max(bestCoverage, bodyCoverage)));
        }

        // Stable: equal scores keep the search engine's order.
        return new MatchResult(candidates.OrderByDescending(c => c.Score).ToList(), terms.Count, Math.Round(unknownWeight / queryWeight, 4));
    }

    /// <summary>
    /// The analyzed terms of a document's phrasings (question, alternatives, tags, title) and of all its text, worked out once per
    /// document: an index build's documents never change (a change builds new ones), so the cache follows every change by itself.
    /// </summary>
    private static DocumentTerms TermsOf(SearchDocument document) => Analyzed.GetValue(document, d => new DocumentTerms(
        d.Phrasings.Append(d.Title).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)
            .Select(p => SearchAnalyzers.Terms(d.Language, p).Distinct(StringComparer.Ordinal).ToList())
            .Where(t => t.Count > 0).ToList(),
        SearchAnalyzers.Terms(d.Language, string.Join("\n", d.Phrasings.Append(d.Title).Append(d.Body))).Distinct(StringComparer.Ordinal).ToList()));

    private sealed record DocumentTerms(IReadOnlyList<List<string>> Phrasings, List<string> Everything);

    private static readonly ConditionalWeakTable<SearchDocument, DocumentTerms> Analyzed = new();

    // Document frequencies per index build (an index never changes; a rebuilt one starts afresh), at most MaxCachedFrequencies
    // of them, so words visitors make up cannot grow it without end.
    private static readonly ConditionalWeakTable<SearchIndex, ConcurrentDictionary<(string Language, string Term), int>> Frequencies = new();

    /// <summary>
    /// Words that wrap a question rather than name its topic: question fillers and greetings the knowledge base does not use, and
    /// numbers and measurements ("48", "50m2") — the size of a flat does not change which entry answers.
    /// </summary>
    private static bool IsFiller(string language, string term) =>
        term.Any(char.IsDigit) || (QuestionWords.Value.TryGetValue(language, out var fillers) && fillers.Contains(term));

    /// <summary>The query weight the phrasing covers (exactly, or a typo away at a discount) and the phrasing weight it uses.</summary>
    private static (double Covered, double Used) Cover(string language, List<string> query, List<string> phrasing, Func<string, double> idf)
    {
        double covered = 0, used = 0;
        var usedTerms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in query)
        {
            if (phrasing.Contains(term))
            {
                covered += idf(term);
                usedTerms.Add(term);
                continue;
            }

            var synonym = phrasing.FirstOrDefault(AnswerVocabulary.SynonymsOf(language, term).Contains);
            if (synonym is not null)
            {
                covered += SynonymCredit * idf(term);
                usedTerms.Add(synonym);
                continue;
            }

            if (term.Length < MinFuzzyLength)
            {
                continue;
            }

            var maxEdits = term.Length >= 8 ? 2 : 1;
            string? near = null;
            foreach (var candidate in phrasing)
            {
                if (candidate.Length >= MinFuzzyLength && Math.Abs(candidate.Length - term.Length) <= maxEdits && candidate[0] == term[0]
                    && EditDistance(term, candidate, maxEdits) <= maxEdits)
                {
                    near = candidate;
                    break;
                }
            }

            if (near is not null)
            {
                covered += FuzzyCredit * Math.Min(idf(term), idf(near));
                usedTerms.Add(near);
            }
        }

        foreach (var term in usedTerms)
        {
            used += idf(term);
        }

        return (covered, used);
    }

    /// <summary>Optimal string alignment distance, stopping early past <paramref name="max"/>.</summary>
    internal static int EditDistance(string a, string b, int max)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var row = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            row[0] = i;
            var rowMin = row[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                row[j] = Math.Min(Math.Min(row[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    row[j] = Math.Min(row[j], previous2[j - 2] + 1);
                }

                rowMin = Math.Min(rowMin, row[j]);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            (previous2, previous, row) = (previous, row, previous2);
        }

        return previous[b.Length];
    }
}
