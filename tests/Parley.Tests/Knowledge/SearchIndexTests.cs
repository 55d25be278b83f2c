using Parley.Features.Knowledge.Demo;
using Parley.Features.Search;
using Xunit.Abstractions;

namespace Parley.Tests.Knowledge;

/// <summary>The search engine itself, without HTTP: analysis, ranking, typo tolerance, snippets, suggestions.</summary>
public sealed class SearchIndexTests(ITestOutputHelper output)
{
    private static readonly Lazy<SearchIndex> Demo = new(() =>
        SearchIndex.Build(RenovationDemoSeeder.LoadDocument().Items().Select(KnowledgeIndexRegistry.ToDocument).ToList()));

    [Fact]
    public void PolishAnalysisFoldsDiacriticsAndStemsInflections()
    {
        var terms = SearchAnalyzers.Terms("pl", "Łazienki w łazience, gwarancję i GWARANCJA");
        output.WriteLine(string.Join(" ", terms));
        Assert.Equal(SearchAnalyzers.Terms("pl", "lazienki"), SearchAnalyzers.Terms("pl", "łazienki"));
        Assert.Equal(SearchAnalyzers.Terms("pl", "gwarancja"), SearchAnalyzers.Terms("pl", "gwarancję"));
        Assert.Equal(SearchAnalyzers.Terms("de", "Gewährleistung"), SearchAnalyzers.Terms("de", "gewahrleistung"));
        Assert.Equal(SearchAnalyzers.Terms("en", "renovations"), SearchAnalyzers.Terms("en", "renovation"));
    }

    [Fact]
    public void ATypoStillFindsTheEntryWhenFuzzyIsOn()
    {
        var exact = Demo.Value.Search(new SearchRequest("gwarancja", "pl"));
        var typo = Demo.Value.Search(new SearchRequest("gwarncja", "pl"));
        var strict = Demo.Value.Search(new SearchRequest("gwarncja", "pl", Fuzzy: false));
        output.WriteLine(string.Join(", ", exact.Select(h => h.Document.Id)));
        Assert.Contains("faq-warranty-pl", exact.Take(2).Select(h => h.Document.Id));
        Assert.Equal(exact.Select(h => h.Document.Id).Take(2), typo.Select(h => h.Document.Id).Take(2));
        Assert.Empty(strict);
    }

    [Fact]
    public void SnippetsFromTheIndexOffsetsMatchTheTextsAnalysis()
    {
        // Every word of every title and body start as a query (no fuzziness, so the matched terms are the query's own): the snippet
        // the search builds from the postings' offsets is the one the analysis of the hit's text gives.
        var index = Demo.Value;
        var compared = 0;
        foreach (var document in index.Documents)
        {
            var words = (document.Title + " " + string.Join(' ', document.Body.Split(' ').Take(12))).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var word in words.Distinct(StringComparer.Ordinal))
            {
                var matched = SearchAnalyzers.Terms(document.Language, word).ToHashSet(StringComparer.Ordinal);
                foreach (var hit in index.Search(new SearchRequest(word, document.Language, null, 5, Fuzzy: false)))
                {
                    Assert.Equal(SnippetBuilder.Build(hit.Document, matched), hit.Snippet);
                    compared++;
                }
            }
        }

        output.WriteLine($"{compared} snippets compared");
        Assert.True(compared > 1000);
    }
}
