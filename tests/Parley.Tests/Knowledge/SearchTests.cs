using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Knowledge;

/// <summary>Public search and suggestions over a workspace's knowledge base, stats and reindex.</summary>
public sealed class SearchTests
{
    private static async Task<(Tenant Tenant, HttpClient Owner)> DemoAsync(string lane = Lanes.Sqlite)
    {
        var tenant = await AnswerEvalTests.DemoTenantAsync(Lanes.App(lane));
        return (tenant, tenant.Client());
    }

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task SearchFindsPolishEntriesWithoutDiacriticsAndMarksTheMatches(string lane)
    {
        var (tenant, owner) = await DemoAsync(lane);
        using var anonymous = tenant.App.CreateClient();

        var response = await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=gwarancja%20lazienka&lang=pl");
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gwarancja lazienka", body["query"]!.GetValue<string>());
        var results = body["results"]!.AsArray();
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal("pl", r!["language"]!.GetValue<string>()));
        var ids = results.Select(r => r!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("faq-warranty-pl", ids);
        Assert.Contains("faq-bathroom-pl", ids);
        var warranty = results.First(r => r!["id"]!.GetValue<string>() == "faq-warranty-pl")!;
        Assert.Equal("faq", warranty["type"]!.GetValue<string>());
        Assert.Contains("<mark>gwarancji</mark>", warranty["snippet"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(warranty["score"]!.GetValue<double>() > 0);
        owner.Dispose();
    }

    [Fact]
    public async Task SearchToleratesTyposFiltersByTypeAndEscapesEverythingButTheMarks()
    {
        var (tenant, owner) = await DemoAsync();
        using (owner)
        {
            await owner.PostAsJsonAsync("/api/v1/knowledge/faq", new
            {
                language = "en", question = "Do you install <script> tags & widgets?", alternatives = Array.Empty<string>(),
                answer = "We never install <script>alert(1)</script> widgets & plugins.", tags = Array.Empty<string>(),
            });
        }

        using var anonymous = tenant.App.CreateClient();
        var typo = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=warrenty&lang=en"));
        var strict = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=warrenty&lang=en&fuzzy=false"));
        var packages = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=premium&type=packages&limit=3"));
        var html = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=widgets&lang=en"));
        var german = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=Gewahrleistung&lang=de"));

        Assert.Contains("faq-warranty-en", typo["results"]!.AsArray().Take(2).Select(r => r!["id"]!.GetValue<string>()));
        Assert.Empty(strict["results"]!.AsArray());
        var packageResults = packages["results"]!.AsArray();
        Assert.InRange(packageResults.Count, 1, 3);
        Assert.All(packageResults, r => Assert.Equal("packages", r!["type"]!.GetValue<string>()));
        Assert.Contains("pkg-premium-pl", packageResults.Select(r => r!["id"]!.GetValue<string>()));
        var snippet = html["results"]![0]!["snippet"]!.GetValue<string>();
        Assert.Equal("We never install &lt;script&gt;alert(1)&lt;/script&gt; <mark>widgets</mark> &amp; plugins.", snippet);
        Assert.Contains("faq-warranty-de", german["results"]!.AsArray().Take(2).Select(r => r!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task BadSearchParametersAreRefusedWithTheFieldNamed()
    {
        var (tenant, owner) = await DemoAsync();
        owner.Dispose();
        using var anonymous = tenant.App.CreateClient();

        foreach (var (query, field) in new[] { ("", "q"), ("?q=x&type=recipes", "type"), ("?q=x&lang=xx", "lang"), ("?q=x&limit=0", "limit"), ("?q=x&limit=51", "limit") })
        {
            var response = await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await Json.ReadAsync(response))["error"]!["details"]!.AsObject().ContainsKey(field), field);
        }

        var fuzzy = await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=x&fuzzy=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, fuzzy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/public/nobody-here/search?q=x")).StatusCode);
    }

    [Fact]
    public async Task SuggestionsCompleteTheLastWordAndOfferMatchingTitles()
    {
        var (tenant, owner) = await DemoAsync();
        owner.Dispose();
        using var anonymous = tenant.App.CreateClient();

        var body = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search/suggest?q=wykon&lang=pl"));
        var phrase = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search/suggest?q=remont%20laz&lang=pl"));

        Assert.Equal("wykon", body["query"]!.GetValue<string>());
        var suggestions = body["suggestions"]!.AsArray();
        Assert.NotEmpty(suggestions);
        Assert.Contains(suggestions, s => s!["type"]!.GetValue<string>() == "term" && s["text"]!.GetValue<string>().StartsWith("wykończ", StringComparison.Ordinal));
        Assert.Contains(suggestions, s => s!["type"]!.GetValue<string>() == "faq" && s["id"]!.GetValue<string>() == "faq-price-pl");
        var phraseTexts = phrase["suggestions"]!.AsArray().Select(s => s!["text"]!.GetValue<string>()).ToList();
        Assert.Contains("remont łazienki", phraseTexts);
        Assert.Contains("Ile kosztuje remont łazienki?", phraseTexts);
    }

    [Fact]
    public async Task StatsCountDocumentsAndQueriesAndAReindexRunsInTheBackground()
    {
        var (tenant, owner) = await DemoAsync();
        using (owner)
        {
            using var anonymous = tenant.App.CreateClient();
            await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=gwarancja");
            await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=gwarancja");
            await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=zzzzqqq");

            var before = await Json.ReadAsync(await owner.GetAsync("/api/v1/search/stats"));
            var accepted = await owner.PostAsync("/api/v1/search/reindex", null);
            JsonNode status = await Json.ReadAsync(accepted);
            for (var i = 0; i < 100 && status["status"]!.GetValue<string>() is not ("completed" or "failed"); i++)
            {
                await Task.Delay(50);
                status = await Json.ReadAsync(await owner.GetAsync("/api/v1/search/reindex"));
            }

            var after = await Json.ReadAsync(await owner.GetAsync("/api/v1/search/stats"));

            Assert.Equal(168, before["documents"]!["total"]!.GetValue<int>());
            Assert.Equal(81, before["documents"]!["by_kind"]!["faq"]!.GetValue<int>());
            Assert.Equal(56, before["documents"]!["by_language"]!["de"]!.GetValue<int>());
            Assert.Equal(3, before["queries"]!["total"]!.GetValue<int>());
            Assert.Equal(1, before["queries"]!["zero_results"]!.GetValue<int>());
            Assert.Equal("gwarancja", before["queries"]!["top"]![0]!["query"]!.GetValue<string>());
            Assert.Equal(2, before["queries"]!["top"]![0]!["count"]!.GetValue<int>());
            Assert.Equal("never", before["reindex"]!["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Equal("completed", status["status"]!.GetValue<string>());
            Assert.Equal(168, status["documents"]!.GetValue<int>());
            Assert.True(after["version"]!.GetValue<long>() > before["version"]!.GetValue<long>());
            Assert.Equal(after["version"]!.GetValue<long>(), after["index"]!["version"]!.GetValue<long>());
            Assert.True(after["index"]!["up_to_date"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task OnlyAdminsStartAReindexAndAnonymousCallersSeeNoStats()
    {
        var tenant = await Lanes.App(Lanes.Sqlite).RegisterAsync();
        var (agent, _) = await tenant.AddMemberAsync("agent");
        using (agent)
        {
            using var anonymous = tenant.App.CreateClient();
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("/api/v1/search/reindex", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/search/stats")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/search/stats")).StatusCode);
        }
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabaseBothFollowEveryChange()
    {
        var directory = Directory.CreateTempSubdirectory("parley-two-instances-");
        var database = $"Data Source={Path.Combine(directory.FullName, "shared.db")}";
        await using var first = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["ConnectionStrings:Parley"] = database });
        await using var second = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Parley"] = database, ["Jobs:Enabled"] = "false", ["Database:MigrateOnStartup"] = "false",
        });
        var tenant = await first.RegisterAsync();
        using var owner = tenant.Client();
        using var viaFirst = first.CreateClient();
        using var viaSecond = second.CreateClient();

        async Task<List<string>> IdsAsync(HttpClient client, string q) =>
            (await Json.ReadAsync(await client.GetAsync($"/api/v1/public/{tenant.Slug}/search?q={q}")))["results"]!.AsArray()
            .Select(r => r!["id"]!.GetValue<string>()).ToList();

        Assert.Empty(await IdsAsync(viaSecond, "parking"));
        await owner.PostAsJsonAsync("/api/v1/knowledge/facts", new { id = "fact-parking", language = "pl", category = "offices", title = "Parking", value = "Parking na podwórku." });
        Assert.Equal(["fact-parking"], await IdsAsync(viaFirst, "parking"));
        Assert.Equal(["fact-parking"], await EventuallyAsync(() => IdsAsync(viaSecond, "parking"), ids => ids.Count == 1));

        await owner.DeleteAsync("/api/v1/knowledge/facts/fact-parking");
        Assert.Empty(await IdsAsync(viaFirst, "parking"));
        Assert.Empty(await EventuallyAsync(() => IdsAsync(viaSecond, "parking"), ids => ids.Count == 0));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await read();
        for (var i = 0; i < 60 && !done(value); i++)
        {
            await Task.Delay(100);
            value = await read();
        }

        return value;
    }
}
