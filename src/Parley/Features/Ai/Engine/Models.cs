namespace Parley.Features.Ai.Engine;

public sealed record LanguageGuess(string Code, double Confidence);

public sealed record SentimentResult(string Label, double Score, string Language)
{
    public const string Positive = "positive";
    public const string Neutral = "neutral";
    public const string Negative = "negative";
}

public sealed record KeyPhrase(string Text, double Weight);

public sealed record ThemeMatch(string Key, double Score, IReadOnlyList<string> Evidence);

public sealed record TextAnalysis(
    LanguageGuess Language,
    SentimentResult Sentiment,
    IReadOnlyList<KeyPhrase> Keywords,
    IReadOnlyList<ThemeMatch> Themes);

public sealed record ReplyRequest(
    string Text,
    int? Rating,
    string? Language,
    string? AuthorName,
    string BusinessName,
    IReadOnlyList<string> Themes);

public sealed record ComposedReply(string Text, string Language, string TemplateKey);
