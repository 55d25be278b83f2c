using Parley.Features.Search;

namespace Parley.Features.Knowledge.Answering;

public sealed record MatchedEntry(SearchDocument Document, double Score, double QueryCoverage);

public sealed record MatchResult(IReadOnlyList<MatchedEntry> Candidates, int QueryTerms)
{
    public MatchedEntry? Best => Candidates.Count > 0 ? Candidates[0] : null;

    public double Confidence => Best?.Score ?? 0;
}

/// <summary>
/// Decides how well knowledge entries answer a message. Lucene retrieves candidates (stems, typos); each is then scored against
/// every way people ask for it (question, alternatives, tags, title) by how much of the message's weight it covers — words rare
/// in the knowledge base weigh more, words it has never seen weigh most, so an off-topic question covers little and scores low —
/// and how much of the phrasing the message covers. The body counts too, but cannot alone make a confident match.
/// </summary>
public static class KnowledgeMatcher
{
    public const int CandidateCount = 12;
    private const double FuzzyCredit = 0.8;
    private const double BodyFactor = 0.75;

    public static MatchResult Match(SearchIndex index, string message, string language)
    {
        var terms = SearchAnalyzers.Terms(language, message, SearchIndex.MaxQueryTerms).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0 || index.DocumentCount(language) == 0)
        {
            return new MatchResult([], terms.Count);
        }

        var hits = index.Search(new SearchRequest(message, language, null, CandidateCount, Fuzzy: true, Snippets: false));
        if (hits.Count == 0)
        {
            return new MatchResult([], terms.Count);
        }

        var n = index.DocumentCount(language);
        var idfCache = new Dictionary<string, double>(StringComparer.Ordinal);
        double Idf(string term)
        {
            if (!idfCache.TryGetValue(term, out var idf))
            {
                var df = index.DocumentFrequency(language, term);
                idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
                idfCache[term] = idf;
            }

            return idf;
        }

        var queryWeight = terms.Sum(Idf);
        var candidates = new List<MatchedEntry>(hits.Count);
        foreach (var hit in hits)
        {
            var document = hit.Document;
            var best = 0.0;
            var bestCoverage = 0.0;
            foreach (var phrasing in document.Phrasings.Append(document.Title).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal))
            {
                var phrasingTerms = SearchAnalyzers.Terms(language, phrasing).Distinct(StringComparer.Ordinal).ToList();
                if (phrasingTerms.Count == 0)
                {
                    continue;
                }

                var (covered, used) = Cover(terms, phrasingTerms, Idf);
                var queryCoverage = covered / queryWeight;
                var phrasingCoverage = used / phrasingTerms.Sum(Idf);
                var score = queryCoverage * (0.6 + (0.4 * phrasingCoverage));
                if (score > best)
                {
                    best = score;
                    bestCoverage = queryCoverage;
                }
            }

            var everything = SearchAnalyzers.Terms(language, string.Join("\n", document.Phrasings.Append(document.Title).Append(document.Body)))
                .Distinct(StringComparer.Ordinal).ToList();
            var bodyCoverage = Cover(terms, everything, Idf).Covered / queryWeight;
            var final = Math.Max(best, BodyFactor * bodyCoverage * bodyCoverage);
            candidates.Add(new MatchedEntry(document, Math.Round(final, 4), Math.Max(bestCoverage, bodyCoverage)));
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        return new MatchResult(candidates, terms.Count);
    }

    /// <summary>The query weight the phrasing covers (exactly, or a typo away at a discount) and the phrasing weight it uses.</summary>
    private static (double Covered, double Used) Cover(List<string> query, List<string> phrasing, Func<string, double> idf)
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

            if (term.Length < 4)
            {
                continue;
            }

            var maxEdits = term.Length >= 8 ? 2 : 1;
            string? near = null;
            foreach (var candidate in phrasing)
            {
                if (candidate.Length >= 4 && Math.Abs(candidate.Length - term.Length) <= maxEdits && candidate[0] == term[0]
                    && EditDistance(term, candidate, maxEdits) <= maxEdits)
                {
                    near = candidate;
                    break;
                }
            }

            if (near is not null)
            {
                covered += FuzzyCredit * idf(near);
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
