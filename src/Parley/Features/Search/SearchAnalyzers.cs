using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.De;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Tartarus.Snowball.Ext;
using Lucene.Net.Util;
using Parley.Features.Ai.Engine;

namespace Parley.Features.Search;

/// <summary>
/// Language-aware analysis. Every language: standard tokenizer, lower case, diacritics folded (ą→a, ł→l, ü→u, ß→ss) so visitors
/// who type without Polish or German letters still match, stopwords. Then: English and Russian Snowball stemmers, German
/// normalisation + German2 Snowball, and for Polish (no Stempel here) the built-in engine's light suffix stripper on folded words.
/// Lucene analyzers are thread-safe and reuse their components per thread.
/// </summary>
public static class SearchAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static readonly IReadOnlyList<string> Languages = Language.Supported;

    private static readonly Lazy<IReadOnlyDictionary<string, Analyzer>> ByLanguage = new(() =>
        Languages.ToDictionary(l => l, Create, StringComparer.Ordinal));

    /// <summary>How Polish is stemmed; <see cref="PolishMode.Light"/> is the product's choice, the others are kept for measurement.</summary>
    public enum PolishMode
    {
        FoldOnly,
        Light,
    }

    public static Analyzer For(string language) =>
        ByLanguage.Value.TryGetValue(language, out var analyzer) ? analyzer : ByLanguage.Value[Language.English];

    /// <summary>Polish stemming for the shared analyzers; set before first use (the answer-quality test measures both).</summary>
    public static PolishMode Polish { get; set; } = PolishMode.Light;

    public static Analyzer Create(string language) => Create(language, Polish);

    public static Analyzer Create(string language, PolishMode polish)
    {
        var stopwords = new CharArraySet(Version, TextNormalizer.Shared.Stopwords(language).ToList(), ignoreCase: false);
        return Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream stream = new LowerCaseFilter(Version, tokenizer);
            switch (language)
            {
                case Language.English:
                    stream = new EnglishPossessiveFilter(Version, stream);
                    stream = new ASCIIFoldingFilter(stream);
                    stream = new StopFilter(Version, stream, stopwords);
                    stream = new SnowballFilter(stream, new EnglishStemmer());
                    break;
                case Language.German:
                    stream = new StopFilter(Version, new ASCIIFoldingFilter(stream), stopwords);
                    stream = new GermanNormalizationFilter(stream);
                    stream = new SnowballFilter(stream, new German2Stemmer());
                    break;
                case Language.Russian:
                    stream = new YoFoldingFilter(stream);
                    stream = new StopFilter(Version, stream, stopwords);
                    stream = new SnowballFilter(stream, new RussianStemmer());
                    break;
                default:
                    stream = new StopFilter(Version, new ASCIIFoldingFilter(stream), stopwords);
                    if (polish == PolishMode.Light)
                    {
                        stream = new PolishLightStemFilter(stream);
                    }

                    break;
            }

            return new TokenStreamComponents(tokenizer, stream);
        });
    }

    /// <summary>The analyzed terms of a text, in order, with the character offsets they came from.</summary>
    public static List<(string Term, int Start, int End)> Analyze(Analyzer analyzer, string text, int maxTokens = 10_000)
    {
        var terms = new List<(string, int, int)>();
        using var stream = analyzer.GetTokenStream("f", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && terms.Count < maxTokens)
        {
            terms.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
        }

        stream.End();
        return terms;
    }

    public static List<string> Terms(string language, string text, int maxTokens = 10_000) =>
        Analyze(For(language), text, maxTokens).Select(t => t.Term).ToList();
}

/// <summary>Polish light stemming (<see cref="PolishStemmer"/>) on folded, lower-cased tokens.</summary>
internal sealed class PolishLightStemFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;

    public PolishLightStemFilter(TokenStream input)
        : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        var length = _term.Length;
        if (length >= 4 && length <= 64)
        {
            Span<char> stem = stackalloc char[length];
            var word = _term.Buffer.AsSpan(0, length);
            var stemmed = PolishStemmer.Stem(word, stem);
            // The locative's consonant change: obszar → obszarze, metr → metrze, woda → wodzie. Without it the stem of the inflected
            // form ("obszarz") misses the base form's ("obszar").
            if (stemmed >= 4 && word.EndsWith("rze") && stem[..stemmed].EndsWith("rz"))
            {
                stemmed--;
            }
            else if (stemmed >= 4 && word.EndsWith("dzie") && stem[..stemmed].EndsWith("dz"))
            {
                stemmed--;
            }

            stem[..stemmed].CopyTo(_term.Buffer);
            _term.Length = stemmed;
        }

        return true;
    }
}

/// <summary>ё → е, as Russian is usually typed.</summary>
internal sealed class YoFoldingFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;

    public YoFoldingFilter(TokenStream input)
        : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        _term.Buffer.AsSpan(0, _term.Length).Replace('ё', 'е');
        return true;
    }
}
