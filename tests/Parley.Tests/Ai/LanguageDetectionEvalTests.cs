using Xunit;
using Parley.Features.Ai.Engine;
using Xunit.Abstractions;

namespace Parley.Tests.Ai;

public sealed class LanguageDetectionEvalTests(ITestOutputHelper output)
{
    private const double Target = 0.95;

    [Fact]
    public void AccuracyOnShortMessagesMeetsTarget()
    {
        var rows = EvalData.Read("language.tsv")
            .Where(r => r.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3)
            .ToList();
        Assert.True(rows.Count >= 600, $"eval set too small: {rows.Count}");

        var correct = 0;
        var perLanguage = new Dictionary<string, (int Ok, int All)>();
        foreach (var (lang, text) in rows)
        {
            var guess = EvalData.Engine.Detector.Detect(text);
            var ok = guess.Code == lang;
            correct += ok ? 1 : 0;
            var (o, a) = perLanguage.GetValueOrDefault(lang);
            perLanguage[lang] = (o + (ok ? 1 : 0), a + 1);
            if (!ok)
            {
                output.WriteLine($"MISS {lang} -> {guess.Code} ({guess.Confidence:0.00}): {text}");
            }
        }

        var accuracy = (double)correct / rows.Count;
        foreach (var (lang, (o, a)) in perLanguage.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{lang}: {o}/{a} = {(double)o / a:P1}");
        }

        output.WriteLine($"language accuracy: {correct}/{rows.Count} = {accuracy:P2} (target {Target:P0})");
        Assert.True(accuracy >= Target, $"language accuracy {accuracy:P2} below {Target:P0}");
    }
}
