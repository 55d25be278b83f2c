using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Ai;

public sealed class AnalysisApiTests : IAsyncLifetime
{
    private ParleyApp _app = null!;
    private FakeOpenAiServer _model = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync();
        // No test here is about time limits (the invalid answer falls back at once); a generous limit keeps the first, cold call to
        // the fake model from timing out on a loaded CI machine, which a 2 s limit once did.
        _app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["Ai:TimeoutSeconds"] = "20" });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _model.DisposeAsync();
    }

    private async Task<HttpClient> UsingModelAsync(Tenant tenant)
    {
        var client = tenant.Client();
        await client.PutAsJsonAsync("/api/v1/ai/settings", new { provider = "openai", endpoint = _model.Endpoint.ToString(), model = "gpt-test", api_key = "sk-x" });
        return client;
    }

    [Fact]
    public async Task TheBuiltInEngineAnalysesAPolishComplaintOffline()
    {
        var tenant = await _app.RegisterAsync();
        using var client = tenant.Client();

        var body = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/analyze", new { text = "Nie polecam, czekałam godzinę na wizytę mimo rezerwacji." }));

        Assert.Equal("builtin", body["engine"]!.GetValue<string>());
        Assert.Equal("pl", body["language"]!.GetValue<string>());
        Assert.Equal("negative", body["sentiment"]!["label"]!.GetValue<string>());
        Assert.True(body["sentiment"]!["score"]!.GetValue<double>() < 0);
        Assert.Contains(body["themes"]!.AsArray(), t => t!["key"]!.GetValue<string>() == "waiting_time");
        Assert.NotEmpty(body["keywords"]!.AsArray());
    }

    [Fact]
    public async Task AModelsStructuredAnswerIsUsedWhenItValidatesAndRefusedWhenItDoesNot()
    {
        var tenant = await _app.RegisterAsync();
        using var client = await UsingModelAsync(tenant);
        _model.Reply = """{"language":"en","sentiment":"positive","score":0.9,"keywords":["friendly staff"],"themes":["staff"]}""";
        var valid = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/analyze", new { text = "Lovely, friendly staff!" }));
        _model.Reply = """{"language":"en","sentiment":"ecstatic","score":7,"keywords":[],"themes":["made_up_theme"]}""";
        var invalid = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/analyze", new { text = "Lovely, friendly staff!" }));

        Assert.Equal("llm", valid["engine"]!.GetValue<string>());
        Assert.Equal("staff", valid["themes"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("json_schema", _model.Requests.Last().Body["response_format"]!["type"]!.GetValue<string>());
        Assert.Equal("builtin-fallback", invalid["engine"]!.GetValue<string>());
        Assert.Equal("positive", invalid["sentiment"]!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWorkspacesOwnThemesReplaceTheDefaultOnes()
    {
        var tenant = await _app.RegisterAsync();
        using var client = tenant.Client();

        var set = await client.PutAsJsonAsync("/api/v1/ai/themes", new { themes = new Dictionary<string, object> { ["parking"] = new { pl = new[] { "parking", "zaparkować" }, en = new[] { "parking" } } } });
        var themes = await Json.ReadAsync(await client.GetAsync("/api/v1/ai/themes"));
        var analysis = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/analyze", new { text = "Nie było gdzie zaparkować, parking pełny." }));
        var invalid = await client.PutAsJsonAsync("/api/v1/ai/themes", new { themes = new Dictionary<string, object> { ["Bad Key"] = new { pl = Array.Empty<string>() } } });
        var reset = await client.DeleteAsync("/api/v1/ai/themes");
        var defaults = await Json.ReadAsync(await client.GetAsync("/api/v1/ai/themes"));

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(["parking"], themes.AsObject().Select(p => p.Key));
        Assert.Equal(["parking"], analysis["themes"]!.AsArray().Select(t => t!["key"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Contains("waiting_time", defaults.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task ASuggestedReplyFitsTheCustomersLanguageAndNeverLeavesPlaceholders()
    {
        var tenant = await _app.RegisterAsync("Salon Bella");
        using var client = tenant.Client();

        var polish = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/suggest-reply", new { text = "Bardzo długo czekałam, obsługa niemiła.", rating = 2, author_name = "Anna" }));
        var german = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/suggest-reply", new { text = "Sehr freundliches Personal, ich komme wieder!", rating = 5 }));
        var badRating = await client.PostAsJsonAsync("/api/v1/ai/suggest-reply", new { text = "x", rating = 9 });

        Assert.Equal("pl", polish["language"]!.GetValue<string>());
        Assert.Equal("builtin", polish["engine"]!.GetValue<string>());
        Assert.Contains("Anno", polish["reply"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("@", polish["reply"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("{", polish["reply"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("de", german["language"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badRating.StatusCode);
    }
}
