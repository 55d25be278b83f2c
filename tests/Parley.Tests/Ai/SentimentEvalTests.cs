using Xunit;
using Xunit.Abstractions;

namespace Parley.Tests.Ai;

public sealed class SentimentEvalTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("pl", 0.85, 200)]
    [InlineData("en", 0.85, 200)]
    [InlineData("de", 0.75, 100)]
    [InlineData("ru", 0.75, 100)]
    public void ThreeClassAccuracyMeetsFloor(string lang, double floor, int minimumRows) =>
        Measure($"sentiment-{lang}.tsv", floor, minimumRows, lang);

    // Written after the lexicons were tuned and measured once; never tune against these, only report.
    [Theory]
    [InlineData("pl", 0.80)]
    [InlineData("en", 0.75)]
    [InlineData("de", 0.70)]
    [InlineData("ru", 0.70)]
    public void HoldOutAccuracyMeetsFloor(string lang, double floor) =>
        Measure($"sentiment-holdout-{lang}.tsv", floor, 20, lang);

    private void Measure(string file, double floor, int minimumRows, string lang)
    {
        var rows = EvalData.Read(file);
        Assert.True(rows.Count >= minimumRows, $"eval set too small: {rows.Count}");

        var correct = 0;
        var confusion = new Dictionary<(string Gold, string Predicted), int>();
        foreach (var (gold, text) in rows)
        {
            var result = EvalData.Engine.Sentiment.Analyze(text, lang);
            confusion[(gold, result.Label)] = confusion.GetValueOrDefault((gold, result.Label)) + 1;
            if (result.Label == gold)
            {
                correct++;
            }
            else
            {
                output.WriteLine($"MISS {gold} -> {result.Label} ({result.Score:0.00}): {text}");
            }
        }

        foreach (var ((g, p), n) in confusion.OrderBy(c => c.Key.Gold, StringComparer.Ordinal).ThenBy(c => c.Key.Predicted, StringComparer.Ordinal))
        {
            output.WriteLine($"gold {g,-8} predicted {p,-8} {n}");
        }

        var accuracy = (double)correct / rows.Count;
        output.WriteLine($"{file} accuracy: {correct}/{rows.Count} = {accuracy:P2} (floor {floor:P0})");
        Assert.True(accuracy >= floor, $"{file} accuracy {accuracy:P2} below {floor:P0}");
    }
}
