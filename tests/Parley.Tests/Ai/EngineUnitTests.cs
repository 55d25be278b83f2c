using Parley.Features.Ai.Engine;
using Xunit;

namespace Parley.Tests.Ai;

public sealed class EngineUnitTests
{
    private static BuiltinLanguageEngine Engine => BuiltinLanguageEngine.Shared;

    [Theory]
    [InlineData("pl", "polecam ten salon", "nie polecam tego salonu")]
    [InlineData("en", "the service was good", "the service was not good")]
    [InlineData("de", "der Service war gut", "der Service war nicht gut")]
    [InlineData("ru", "советую этот салон", "не советую этот салон")]
    [InlineData("de", "ich empfehle den Salon", "ich empfehle den Salon nicht")]
    public void NegationFlipsPolarity(string lang, string plain, string negated)
    {
        var a = Engine.Sentiment.Analyze(plain, lang);
        var b = Engine.Sentiment.Analyze(negated, lang);
        Assert.Equal(SentimentResult.Positive, a.Label);
        Assert.Equal(SentimentResult.Negative, b.Label);
    }

    [Theory]
    [InlineData("pl", "nie jest źle")]
    [InlineData("en", "not bad at all")]
    [InlineData("pl", "bez żadnych problemów")]
    public void NegatedNegativeIsPositiveIsh(string lang, string text) =>
        Assert.True(Engine.Sentiment.Analyze(text, lang).Score > 0);

    [Theory]
    [InlineData("pl", "dobra obsługa", "bardzo dobra obsługa")]
    [InlineData("de", "gut gemacht", "sehr gut gemacht")]
    [InlineData("ru", "плохо сделали", "очень плохо сделали")]
    [InlineData("en", "bad service", "really bad service")]
    public void IntensifierRaisesMagnitude(string lang, string plain, string intensified) =>
        Assert.True(Math.Abs(Engine.Sentiment.Analyze(intensified, lang).Score) > Math.Abs(Engine.Sentiment.Analyze(plain, lang).Score));

    [Fact]
    public void DiminisherLowersMagnitude() =>
        Assert.True(Engine.Sentiment.Analyze("a bit expensive", "en").Score > Engine.Sentiment.Analyze("expensive", "en").Score);

    [Fact]
    public void ClauseAfterContrastWeighsMore()
    {
        Assert.Equal(SentimentResult.Negative, Engine.Sentiment.Analyze("Miła pani, ale fryzura okropna i zniszczone włosy", "pl").Label);
        Assert.Equal(SentimentResult.Positive, Engine.Sentiment.Analyze("Trochę drogo, ale efekt rewelacyjny", "pl").Label);
    }

    [Fact]
    public void EmojiAndExclamationCarrySentiment()
    {
        Assert.Equal(SentimentResult.Positive, Engine.Sentiment.Analyze("wizyta w czwartek 👍", "pl").Label);
        Assert.Equal(SentimentResult.Negative, Engine.Sentiment.Analyze("wizyta w czwartek 😡", "pl").Label);
        Assert.True(Engine.Sentiment.Analyze("great job!!!", "en").Score > Engine.Sentiment.Analyze("great job", "en").Score);
    }

    [Fact]
    public void FactualTextIsNeutral() =>
        Assert.Equal(SentimentResult.Neutral, Engine.Sentiment.Analyze("Wizyta trwała godzinę, zapłaciłam 150 zł.", "pl").Label);

    [Theory]
    [InlineData("Zażółć gęślą jaźń", "zazolc gesla jazn")]
    [InlineData("Łódź ŚWIĘTA", "lodz swieta")]
    [InlineData("Straße Größe", "strasse grosse")]
    [InlineData("Ёлка", "елка")]
    public void FoldsDiacritics(string input, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Fact]
    public void StemsGroupInflections()
    {
        Assert.Equal(TextNormalizer.Key("obsługa", "pl"), TextNormalizer.Key("obsługi", "pl"));
        Assert.Equal(TextNormalizer.Key("miła", "pl"), TextNormalizer.Key("mily", "pl"));
        Assert.Equal(TextNormalizer.Stem("recommended", "en"), TextNormalizer.Stem("recommend", "en"));
        Assert.Equal(TextNormalizer.Key("Fußböden", "de"), TextNormalizer.Key("fussboeden", "de"));
        Assert.Equal(TextNormalizer.Stem("плохой", "ru"), TextNormalizer.Stem("плохая", "ru"));
    }

    [Fact]
    public void StopwordsComeFromData()
    {
        Assert.True(Engine.Normalizer.IsStopword("się", "pl"));
        Assert.True(Engine.Normalizer.IsStopword("sie", "pl"));
        Assert.True(Engine.Normalizer.IsStopword("für", "de"));
        Assert.True(Engine.Normalizer.IsStopword("fuer", "de"));
        Assert.False(Engine.Normalizer.IsStopword("fryzjer", "pl"));
    }

    [Fact]
    public void TokenizerKeepsEmojiOutOfWords()
    {
        var tokens = new List<Token>();
        var text = "super👍 fryzura, 15 zł :)";
        Tokenizer.Tokenize(text, new char[text.Length], tokens);
        Assert.Equal(3, tokens.Count(t => t.Kind == TokenKind.Word));
        Assert.Equal(1, tokens.Count(t => t.Kind == TokenKind.Number));
        Assert.Equal(2, tokens.Count(t => t.Kind == TokenKind.Emoji));
    }

    [Theory]
    [InlineData("nie polecam tego salonu, bardzo slaba obsluga", "pl")]
    [InlineData("dziekuje za szybka odpowiedz", "pl")]
    [InlineData("czy jest wolny termin jutro", "pl")]
    [InlineData("thanks for the quick reply", "en")]
    [InlineData("vielen dank fuer die schnelle antwort", "de")]
    [InlineData("спасибо за быстрый ответ", "ru")]
    public void DetectsLanguageOfShortMessages(string text, string expected)
    {
        var guess = Engine.Detector.Detect(text);
        Assert.Equal(expected, guess.Code);
        Assert.InRange(guess.Confidence, 0.5, 1.0);
    }

    [Fact]
    public void EmptyTextIsUnknown() => Assert.Equal(Language.Unknown, Engine.Detector.Detect("123 👍 !!").Code);

    [Fact]
    public void ClassifiesThemes()
    {
        var themes = Engine.Themes.Classify("Czekałam godzinę, a fryzjerka była niemiła. Cena też za wysoka.", "pl", ThemeTaxonomy.Default);
        var keys = themes.Select(t => t.Key).ToList();
        Assert.Contains("waiting_time", keys);
        Assert.Contains("staff", keys);
        Assert.Contains("price", keys);
        Assert.All(themes, t => Assert.NotEmpty(t.Evidence));

        var en = Engine.Themes.Classify("The salon was filthy and the stylist was rude", "en", ThemeTaxonomy.Default);
        Assert.Contains(en, t => t.Key == "cleanliness");
        Assert.Contains(en, t => t.Key == "staff");
    }

    [Fact]
    public void CustomTaxonomyMatchesPhrases()
    {
        var taxonomy = new ThemeTaxonomy([new Theme("parking", new Dictionary<string, IReadOnlyList<string>> { ["pl"] = ["miejsce parkingowe"] })]);
        var match = Assert.Single(Engine.Themes.Classify("Brak miejsc parkingowych pod salonem", "pl", taxonomy));
        Assert.Equal("parking", match.Key);
    }

    [Fact]
    public void ExtractsStemGroupedKeywords()
    {
        var keywords = Engine.Keywords.Extract("Fryzjerka super, fryzura piękna. Fryzury tu zawsze wychodzą świetnie, a fryzjerka miła.", "pl", 5);
        Assert.NotEmpty(keywords);
        Assert.DoesNotContain(keywords, k => k.Text is "tu" or "a" or "zawsze");
        Assert.Equal(1.0, keywords[0].Weight);
        Assert.Contains(keywords, k => k.Text.StartsWith("fryzjerk", StringComparison.Ordinal));
    }

    [Fact]
    public void AnalyzeCombinesEverything()
    {
        var analysis = Engine.Analyze("Bardzo długo czekałam na wizytę, ale fryzjerka była przemiła i fryzura wyszła świetnie!");
        Assert.Equal("pl", analysis.Language.Code);
        Assert.Equal(SentimentResult.Positive, analysis.Sentiment.Label);
        Assert.NotEmpty(analysis.Keywords);
        Assert.Contains(analysis.Themes, t => t.Key == "waiting_time");
    }

    [Theory]
    [InlineData("Czekałam godzinę, fryzjerka niemiła", 1, "pl", null)]
    [InlineData("Świetna fryzura, dziękuję", 5, null, "Anna Kowalska")]
    [InlineData("Było ok", 3, "pl", "  ")]
    [InlineData("Great job by the whole crew", null, null, "john_88")]
    [InlineData("Lange gewartet, aber gutes Ergebnis", 3, "de", "Jürgen")]
    [InlineData("Ужасное обслуживание", 1, "ru", null)]
    [InlineData("", null, null, null)]
    public void ReplyNeverLeavesPlaceholders(string text, int? rating, string? lang, string? author)
    {
        var reply = Engine.Compose(new ReplyRequest(text, rating, lang, author, "Studio Bella", []));
        Assert.DoesNotContain("{", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("}", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(" ,", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", reply.Text, StringComparison.Ordinal);
        Assert.True(Language.IsSupported(reply.Language));
        Assert.False(string.IsNullOrWhiteSpace(reply.TemplateKey));
    }

    [Fact]
    public void PolishReplyUsesVocativeOrPoliteFallback()
    {
        var named = Engine.Compose(new ReplyRequest("Super", 5, "pl", "Anna", "Studio Bella", []));
        Assert.StartsWith("Dzień dobry, Pani Anno!", named.Text, StringComparison.Ordinal);
        var male = Engine.Compose(new ReplyRequest("Super", 5, "pl", "Piotr Nowak", "Studio Bella", []));
        Assert.StartsWith("Dzień dobry, Panie Piotrze!", male.Text, StringComparison.Ordinal);
        var anonymous = Engine.Compose(new ReplyRequest("Super", 5, "pl", null, "", []));
        Assert.StartsWith("Dzień dobry!", anonymous.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Zespół \n", anonymous.Text + "\n", StringComparison.Ordinal);
    }

    [Fact]
    public void ReplyIsDeterministicAndThemeAware()
    {
        var request = new ReplyRequest("Czekałam godzinę na wizytę", 2, "pl", "Kasia", "Studio Bella", ["waiting_time"]);
        var a = Engine.Compose(request);
        var b = new ReplyComposer().Compose(request);
        Assert.Equal(a, b);
        Assert.Contains("waiting_time", a.TemplateKey, StringComparison.Ordinal);
        Assert.Contains("czas oczekiwania", a.Text, StringComparison.Ordinal);
        Assert.Contains("Pani Kasiu", a.Text, StringComparison.Ordinal);
        Assert.Contains("Studio Bella", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ParallelUseIsConsistent()
    {
        var texts = EvalData.Read("sentiment-en.tsv").Select(r => r.Text).ToArray();
        var expected = texts.Select(t => Engine.Analyze(t).Sentiment).ToArray();
        Parallel.For(0, texts.Length * 4, i =>
        {
            var k = i % texts.Length;
            Assert.Equal(expected[k], Engine.Analyze(texts[k]).Sentiment);
        });
    }
}
