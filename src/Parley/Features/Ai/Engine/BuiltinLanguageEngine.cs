namespace Parley.Features.Ai.Engine;

/// <summary>Offline language engine facade: data is loaded once, every method is thread-safe and deterministic.</summary>
public sealed class BuiltinLanguageEngine
{
    private const int DefaultKeywordCount = 8;
    private static readonly Lazy<BuiltinLanguageEngine> SharedInstance = new(() => new BuiltinLanguageEngine());

    public BuiltinLanguageEngine()
    {
        Normalizer = TextNormalizer.Shared;
        Detector = new LanguageDetector(Normalizer);
        Sentiment = new SentimentAnalyzer(Detector);
        Keywords = new KeywordExtractor(Normalizer);
        Themes = new ThemeClassifier();
        Replies = new ReplyComposer(Detector, Sentiment, Themes);
    }

    public static BuiltinLanguageEngine Shared => SharedInstance.Value;

    public TextNormalizer Normalizer { get; }

    public LanguageDetector Detector { get; }

    public SentimentAnalyzer Sentiment { get; }

    public KeywordExtractor Keywords { get; }

    public ThemeClassifier Themes { get; }

    public ReplyComposer Replies { get; }

    public TextAnalysis Analyze(string text) => Analyze(text, ThemeTaxonomy.Default);

    public TextAnalysis Analyze(string text, ThemeTaxonomy taxonomy, int maxKeywords = DefaultKeywordCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = TextScratch.Rent(text);
        try
        {
            var language = Detector.Detect(scratch);
            var sentiment = SentimentAnalyzer.Analyze(scratch, language.Code);
            var keywords = Keywords.Extract(scratch, language.Code, maxKeywords);
            var themes = ThemeClassifier.Classify(scratch, language.Code, taxonomy);
            return new TextAnalysis(language, sentiment, keywords, themes);
        }
        finally
        {
            TextScratch.Return(scratch);
        }
    }

    /// <summary>Language, sentiment and keywords only, for bulk scoring where themes are not needed.</summary>
    public TextAnalysis AnalyzeFast(string text, int maxKeywords = DefaultKeywordCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = TextScratch.Rent(text);
        try
        {
            var language = Detector.Detect(scratch);
            var sentiment = SentimentAnalyzer.Analyze(scratch, language.Code);
            var keywords = Keywords.Extract(scratch, language.Code, maxKeywords);
            return new TextAnalysis(language, sentiment, keywords, []);
        }
        finally
        {
            TextScratch.Return(scratch);
        }
    }

    public ComposedReply Compose(ReplyRequest request) => Replies.Compose(request);
}
