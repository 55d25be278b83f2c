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
}
