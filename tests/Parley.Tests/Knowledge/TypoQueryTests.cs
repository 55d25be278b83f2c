using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Parley.Features.Knowledge.Demo;
using Parley.Features.Search;
using Xunit.Abstractions;

namespace Parley.Tests.Knowledge;

/// <summary>
/// The typo query must be Lucene's FuzzyQuery by another route: for every word tried, the same terms with the same boosts after
/// the rewrite, over a vocabulary of real knowledge-base words in four languages plus words with letters outside ASCII and
/// outside the basic multilingual plane.
/// </summary>
public sealed class TypoQueryTests(ITestOutputHelper output)
{
    private const string FieldName = "body";

    [Fact]
    public void RewritesToTheSameTermsAndBoostsAsFuzzyQuery()
    {
        var vocabulary = Vocabulary();
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))))
        {
            // A few segments, so the rewrite merges terms across them as it does after incremental indexing.
            foreach (var chunk in vocabulary.Chunk(400))
            {
                var document = new Document { new TextField(FieldName, string.Join(' ', chunk), Field.Store.NO) };
                writer.AddDocument(document);
                writer.Commit();
            }
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var random = new Random(11);
        var compared = 0;
        var expanded = 0;
        foreach (var word in vocabulary.Where(w => w.Length >= 4).Take(1500).SelectMany(w => Variants(w, random)).Distinct(StringComparer.Ordinal))
        {
            foreach (var edits in new[] { 1, 2 })
            {
                var expected = Terms(searcher.Rewrite(new FuzzyQuery(new Term(FieldName, word), edits, 1, 16, true)));
                var actual = Terms(searcher.Rewrite(new TypoQuery(new Term(FieldName, word), edits, 1, 16)));
                Assert.True(expected.SequenceEqual(actual),
                    $"'{word}' ~{edits}: FuzzyQuery [{string.Join(", ", expected)}] but TypoQuery [{string.Join(", ", actual)}]");
                compared++;
                expanded += actual.Count;
            }
        }

        output.WriteLine($"{vocabulary.Count} indexed words, {compared} queries compared, {expanded} expansions");
        Assert.True(compared > 5000);
        Assert.True(expanded > compared, "most words should expand to several terms");
    }

    private static List<string> Terms(Query rewritten) => rewritten switch
    {
        BooleanQuery boolean => boolean.Clauses.Select(c => (TermQuery)c.Query).Select(Describe).Order(StringComparer.Ordinal).ToList(),
        TermQuery term => [Describe(term)],
        _ => throw new InvalidOperationException(rewritten.GetType().Name),
    };

    private static string Describe(TermQuery query) => FormattableString.Invariant($"{query.Term.Text}^{query.Boost:0.000000}");

    /// <summary>The word itself and typos of it: a letter dropped, doubled, replaced, two swapped, and two of these at once.</summary>
    private static IEnumerable<string> Variants(string word, Random random)
    {
        yield return word;
        var one = Typo(word, random);
        yield return one;
        yield return Typo(one, random);
    }

    private static string Typo(string word, Random random)
    {
        if (word.Length < 3)
        {
            return word + "a";
        }

        var at = random.Next(1, word.Length - 1);
        return random.Next(4) switch
        {
            0 => word.Remove(at, 1),
            1 => word.Insert(at, word[at].ToString()),
            2 => word[..at] + (char)('a' + random.Next(26)) + word[(at + 1)..],
            _ => word[..at] + word[at + 1] + word[at] + word[(at + 2)..],
        };
    }

    private static List<string> Vocabulary()
    {
        var words = RenovationDemoSeeder.LoadDocument().Items().Select(KnowledgeIndexRegistry.ToDocument)
            .SelectMany(d => SearchAnalyzers.Terms(d.Language, d.Title + " " + d.Body + " " + string.Join(' ', d.Phrasings)))
            .ToHashSet(StringComparer.Ordinal);
        // Letters outside ASCII in the middle and at the prefix, and a character outside the basic multilingual plane.
        words.UnionWith(["łazienka", "łazienki", "żółw", "żółty", "gewährleistung", "gewahrleistung", "straße", "strasse", "ремонт", "ремонта",
            "plytki\U0001F600", "plytki", "płytki", "\U0001F600smile", "\U0001F600smiles"]);
        return [.. words.Order(StringComparer.Ordinal)];
    }
}
