using Parley.Features.Chat;

namespace Parley.Tests.Chat;

public sealed class ChatRulesTests
{
    [Theory]
    [InlineData("Ile kosztuje  strzyżenie?!", "ile kosztuje strzyzenie")]
    [InlineData("  ILE KOSZTUJE STRZYZENIE ", "ile kosztuje strzyzenie")]
    [InlineData("Łódź, Żółć — ślub?", "lodz zolc slub")]
    [InlineData("Größe & Maße", "grose mase")]
    [InlineData("Сколько стоит стрижка?", "сколько стоит стрижка")]
    [InlineData("?!…", "")]
    public void QuestionsAreNormalisedSoTheSameQuestionCountsOnce(string asked, string normalized) =>
        Assert.Equal(normalized, UnansweredRules.Normalize(asked));

    [Fact]
    public void ANormalisedQuestionIsCutAtItsMaximumLength() =>
        Assert.Equal(UnansweredRules.NormalizedMaxLength, UnansweredRules.Normalize(string.Join(' ', Enumerable.Repeat("pytanie", 100))).Length);

    [Theory]
    [InlineData("pl-PL", "pl")]
    [InlineData("EN", "en")]
    [InlineData("de_AT", "de")]
    [InlineData("p1", null)]
    [InlineData("", null)]
    [InlineData("english", null)]
    public void LanguageCodesAreReducedToTheirLanguage(string given, string? expected) => Assert.Equal(expected, ChatPhrases.Normalize(given));

    [Fact]
    public void SystemMessagesSpeakTheConversationsLanguageAndFallBackToPolish()
    {
        Assert.Equal("Anna joined the conversation.", ChatPhrases.Get("agent_joined", "en", "Anna"));
        Assert.Equal("Anna dołącza do rozmowy.", ChatPhrases.Get("agent_joined", "fr", "Anna"));
    }
}
