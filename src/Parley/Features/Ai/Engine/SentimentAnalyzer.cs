using System.Collections.Frozen;
using System.Globalization;

namespace Parley.Features.Ai.Engine;

/// <summary>Lexicon-based sentiment with negation, intensifiers, contrast, exclamation and emoji; thread-safe.</summary>
public sealed class SentimentAnalyzer(LanguageDetector detector)
{
    private const double NormalizationAlpha = 6.0;
    private const double LabelThreshold = 0.3;
    private const double MixedRatio = 0.6;

    private static readonly FrozenDictionary<int, float> EmojiScores = LoadEmoji();

    [ThreadStatic]
    private static double[]? itemBuffer;

    public SentimentAnalyzer()
        : this(new LanguageDetector())
    {
    }

    public SentimentResult Analyze(string text, string? lang = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = TextScratch.Rent(text);
        try
        {
            return Analyze(scratch, lang ?? detector.Detect(scratch).Code);
        }
        finally
        {
            TextScratch.Return(scratch);
        }
    }

    internal static SentimentResult Analyze(TextScratch scratch, string lang)
    {
        if (!Language.IsSupported(lang))
        {
            return new SentimentResult(SentimentResult.Neutral, 0, lang);
        }

        scratch.EnsureKeys(lang);
        var state = new SentimentScorer(SentimentLexicon.For(lang), scratch, itemBuffer ??= new double[256]);
        state.Run();
        itemBuffer = state.Items;
        return ToResult(state.Items.AsSpan(0, state.Count), state.Exclamations, lang);
    }

    private static SentimentResult ToResult(ReadOnlySpan<double> items, int exclamations, string lang)
    {
        double total = 0, positive = 0, negative = 0;
        foreach (var v in items)
        {
            total += v;
            if (v > 0)
            {
                positive += v;
            }
            else
            {
                negative -= v;
            }
        }

        total *= 1 + (0.1 * Math.Min(exclamations, 3));
        var score = total / Math.Sqrt((total * total) + NormalizationAlpha);
        var mixed = positive > 0 && negative > 0 && Math.Min(positive, negative) / Math.Max(positive, negative) >= MixedRatio;
        var label = mixed || Math.Abs(score) < LabelThreshold
            ? SentimentResult.Neutral
            : score > 0 ? SentimentResult.Positive : SentimentResult.Negative;
        return new SentimentResult(label, Math.Round(score, 4), lang);
    }

    internal static float EmojiScore(Token token) =>
        token.Value is 1 or -1 ? token.Value * 2f : EmojiScores.GetValueOrDefault(token.Value);

    private static FrozenDictionary<int, float> LoadEmoji()
    {
        var map = new Dictionary<int, float>();
        foreach (var line in EngineData.ReadLines("emoji.txt"))
        {
            var parts = line.Split('\t');
            var rune = System.Text.Rune.GetRuneAt(parts[0], 0);
            map[rune.Value] = float.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return map.ToFrozenDictionary();
    }
}
