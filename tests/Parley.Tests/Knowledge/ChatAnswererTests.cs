using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Features.Knowledge;
using Parley.Tests.Ai;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Knowledge;

/// <summary>The website chatbot's answers: small talk, hand-off, clarifying, and a language model kept to the knowledge base.</summary>
public sealed class ChatAnswererTests : IAsyncLifetime
{
    private ParleyApp _app = null!;
    private FakeOpenAiServer _model = null!;
    private Tenant _tenant = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync();
        _app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["Ai:TimeoutSeconds"] = "5" });
        _tenant = await AnswerEvalTests.DemoTenantAsync(_app);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _model.DisposeAsync();
    }

    private async Task<ChatAnswer> AskAsync(string message, string? language = null, params ChatTurn[] history)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IChatAnswerer>()
            .AnswerAsync(new ChatQuestion(_tenant.WorkspaceId, message, language, history), CancellationToken.None);
    }

    private async Task UseModelAsync()
    {
        using var client = _tenant.Client();
        var response = await client.PutAsJsonAsync("/api/v1/ai/settings",
            new { provider = "openai", endpoint = _model.Endpoint.ToString(), model = "gpt-test", api_key = "sk-test" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Dzień dobry!", ChatAnswerKind.Greeting, "pl")]
    [InlineData("hello there", ChatAnswerKind.Greeting, "en")]
    [InlineData("Guten Tag", ChatAnswerKind.Greeting, "de")]
    [InlineData("Здравствуйте", ChatAnswerKind.Greeting, "ru")]
    [InlineData("dzięki, to wszystko", ChatAnswerKind.Thanks, "pl")]
    [InlineData("ok thanks a lot!", ChatAnswerKind.Thanks, "en")]
    [InlineData("Vielen Dank", ChatAnswerKind.Thanks, "de")]
    [InlineData("do widzenia", ChatAnswerKind.Goodbye, "pl")]
    [InlineData("bye, have a nice day", ChatAnswerKind.Goodbye, "en")]
    [InlineData("Tschüss", ChatAnswerKind.Goodbye, "de")]
    public async Task SmallTalkIsAnsweredInTheVisitorsLanguage(string message, ChatAnswerKind kind, string language)
    {
        var answer = await AskAsync(message);

        Assert.Equal(kind, answer.Kind);
        Assert.Equal(language, answer.Language);
        Assert.Equal("builtin", answer.Engine);
        Assert.Empty(answer.Sources);
        Assert.False(string.IsNullOrWhiteSpace(answer.Response));
    }

    [Fact]
    public async Task AGreetingWithAQuestionGetsTheAnswer()
    {
        var answer = await AskAsync("Dzień dobry, jaką gwarancję dajecie na prace?");

        Assert.Equal(ChatAnswerKind.Answer, answer.Kind);
        Assert.Equal("faq-warranty-pl", answer.Sources.Single().Id);
        Assert.Contains("36 miesięcy", answer.Response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Chcę rozmawiać z człowiekiem", "pl")]
    [InlineData("can I talk to a real person please", "en")]
    [InlineData("Ich möchte mit einem Mitarbeiter sprechen", "de")]
    [InlineData("TO JEST BEZNADZIEJNE, NIC NIE ROZUMIESZ", "pl")]
    [InlineData("this is useless!!!", "en")]
    public async Task AskingForAPersonOrFrustrationHandsTheConversationOver(string message, string language)
    {
        var answer = await AskAsync(message);

        Assert.Equal(ChatAnswerKind.Handoff, answer.Kind);
        Assert.Equal(language, answer.Language);
    }

    [Fact]
    public async Task PackagesAreAnsweredWithTheirOwnPricesAndUnknownQuestionsOfferAPerson()
    {
        var package = await AskAsync("ile kosztuje pakiet premium za metr?");
        var unknown = await AskAsync("Jaka będzie jutro pogoda w Krakowie?");
        var again = await AskAsync("a kto wygrał mecz?", null, new ChatTurn("visitor", "Jaka będzie jutro pogoda w Krakowie?"), new ChatTurn("bot", unknown.Response));

        Assert.Equal(ChatAnswerKind.Answer, package.Kind);
        Assert.Contains(package.Sources[0].Id, new[] { "pkg-premium-pl", "faq-price-pl", "faq-packages-pl" });
        Assert.Contains("1890", package.Response.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(ChatAnswerKind.Unknown, unknown.Kind);
        Assert.Equal("pl", unknown.Language);
        Assert.Equal(ChatAnswerKind.Handoff, again.Kind);
    }

    [Fact]
    public async Task WithAModelTheAnswerIsGroundedInTheRetrievedEntriesAndCitesThem()
    {
        await UseModelAsync();
        _model.Reply = """{"kind": "answer", "answer": "Na prace dajemy 36 miesięcy gwarancji (60 w Premium).", "sources": ["faq-warranty-pl"]}""";

        var answer = await AskAsync("jaka jest gwarancja?");

        Assert.Equal("llm", answer.Engine);
        Assert.Equal(ChatAnswerKind.Answer, answer.Kind);
        Assert.Equal("Na prace dajemy 36 miesięcy gwarancji (60 w Premium).", answer.Response);
        Assert.Equal("faq-warranty-pl", answer.Sources.Single().Id);
        var sent = _model.Requests.Last().Body["messages"]!.AsArray();
        var system = sent[0]!["content"]!.ToString();
        Assert.Contains("[id: faq-warranty-pl", system, StringComparison.Ordinal);
        Assert.Contains("Nova Remonty Eval", system, StringComparison.Ordinal);
        Assert.Equal("jaka jest gwarancja?", sent[^1]!["content"]!.ToString());
    }

    [Theory]
    [InlineData("""{"kind": "answer", "answer": "Gwarancja wynosi 10 lat.", "sources": ["faq-warranty-pl"]}""")]
    [InlineData("""{"kind": "answer", "answer": "Gwarancja wynosi 36 miesięcy.", "sources": ["made-up-entry"]}""")]
    [InlineData("""{"kind": "answer", "answer": "Gwarancja wynosi 36 miesięcy.", "sources": []}""")]
    [InlineData("Gwarancja wynosi 36 miesięcy.")]
    public async Task AModelAnswerWithAnInventedFactOrNoCitationIsReplacedByTheBuiltInAnswer(string reply)
    {
        await UseModelAsync();
        _model.Reply = reply;

        var answer = await AskAsync("jaka jest gwarancja?");

        Assert.Equal("builtin-fallback", answer.Engine);
        Assert.Equal(ChatAnswerKind.Answer, answer.Kind);
        Assert.Equal("faq-warranty-pl", answer.Sources.Single().Id);
        Assert.Contains("36 miesięcy", answer.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheModelFailsTheBuiltInEngineAnswersAndSaysSo()
    {
        await UseModelAsync();
        _model.Mode = FakeMode.ServerError;
        try
        {
            var answer = await AskAsync("how long is the warranty?");

            Assert.Equal("builtin-fallback", answer.Engine);
            Assert.Equal("en", answer.Language);
            Assert.Contains("faq-warranty-en", answer.Sources.Select(s => s.Id));
        }
        finally
        {
            _model.Mode = FakeMode.Answer;
        }
    }
}
