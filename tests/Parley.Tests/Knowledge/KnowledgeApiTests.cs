using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.Features.Demo;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Knowledge;

/// <summary>The knowledge base over HTTP: CRUD per kind, validation, roles, import/export, public cached reads.</summary>
public sealed class KnowledgeApiTests
{
    private static ParleyApp App => Lanes.App(Lanes.Sqlite);

    private static object Faq(string question, string language = "pl", string? id = null) =>
        new { id, language, question, alternatives = new[] { "Inaczej: " + question }, answer = "Odpowiedź na: " + question, tags = new[] { "test" } };

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnFaqEntryIsCreatedReadUpdatedAndDeletedInExactlyItsShape(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var created = await client.PostAsJsonAsync("/api/v1/knowledge/faq", Faq("Czy pracujecie w weekendy?"));
        var body = await Json.ReadAsync(created);
        var id = body["id"]!.GetValue<string>();
        var read = await Json.ReadAsync(await client.GetAsync($"/api/v1/knowledge/faq/{id}"));
        var updated = await client.PutAsJsonAsync($"/api/v1/knowledge/faq/{id}",
            new { language = "pl", question = "Czy pracujecie w soboty?", alternatives = Array.Empty<string>(), answer = "Tak, do 14:00.", tags = Array.Empty<string>() });
        var list = await client.GetAsync("/api/v1/knowledge/faq?lang=pl");
        var deleted = await client.DeleteAsync($"/api/v1/knowledge/faq/{id}");
        var gone = await client.GetAsync($"/api/v1/knowledge/faq/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/knowledge/faq/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(["id", "language", "question", "alternatives", "answer", "tags"], body.AsObject().Select(p => p.Key));
        Assert.Equal("Czy pracujecie w weekendy?", read["question"]!.GetValue<string>());
        Assert.Equal(["Inaczej: Czy pracujecie w weekendy?"], read["alternatives"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Tak, do 14:00.", (await Json.ReadAsync(updated))["answer"]!.GetValue<string>());
        Assert.Equal("1", list.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal("Czy pracujecie w soboty?", (await Json.ReadArrayAsync(list))[0]!["question"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("KNOWLEDGE_ENTRY_NOT_FOUND", (await Json.ReadAsync(gone))["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvalidEntriesAreRefusedFieldByFieldInTheEnvelope()
    {
        var tenant = await App.RegisterAsync();
        using var client = tenant.Client();

        var faq = await client.PostAsJsonAsync("/api/v1/knowledge/faq", new { language = "fr", question = "", answer = (string?)null });
        var package = await client.PostAsJsonAsync("/api/v1/knowledge/packages", new { language = "pl", name = "Premium", price_per_m2 = -5, currency = "zloty" });
        var step = await client.PostAsJsonAsync("/api/v1/knowledge/process", new { language = "en", title = "Measure" });
        var fact = await client.PostAsJsonAsync("/api/v1/knowledge/facts", new { language = "en", category = "weather", title = "Hours", value = "9–17" });
        var badId = await client.PostAsJsonAsync("/api/v1/knowledge/faq", Faq("Pytanie?", id: "no spaces/allowed"));
        var malformed = await client.PostAsync("/api/v1/knowledge/faq", Json.Raw("{\"language\": \"pl\", \"question\": 5"));
        var unknownKind = await client.GetAsync("/api/v1/knowledge/recipes");

        var faqErrors = (await Json.ReadAsync(faq))["error"]!["details"]!.AsObject();
        Assert.Equal(HttpStatusCode.BadRequest, faq.StatusCode);
        Assert.True(faqErrors.ContainsKey("language") && faqErrors.ContainsKey("question") && faqErrors.ContainsKey("answer"));
        var packageErrors = (await Json.ReadAsync(package))["error"]!["details"]!.AsObject();
        Assert.True(packageErrors.ContainsKey("price_per_m2") && packageErrors.ContainsKey("currency"));
        Assert.True((await Json.ReadAsync(step))["error"]!["details"]!.AsObject().ContainsKey("step"));
        Assert.True((await Json.ReadAsync(fact))["error"]!["details"]!.AsObject().ContainsKey("category"));
        Assert.True((await Json.ReadAsync(badId))["error"]!["details"]!.AsObject().ContainsKey("id"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
        Assert.Equal("KNOWLEDGE_KIND_NOT_FOUND", (await Json.ReadAsync(unknownKind))["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnIdTakenInTheWorkspaceConflictsButAnotherWorkspaceMayUseIt()
    {
        var first = await App.RegisterAsync();
        var second = await App.RegisterAsync();
        using var a = first.Client();
        using var b = second.Client();

        var created = await a.PostAsJsonAsync("/api/v1/knowledge/faq", Faq("Pytanie?", id: "faq-hours"));
        var again = await a.PostAsJsonAsync("/api/v1/knowledge/faq", Faq("Inne pytanie?", id: "faq-hours"));
        var elsewhere = await b.PostAsJsonAsync("/api/v1/knowledge/faq", Faq("Pytanie?", id: "faq-hours"));
        var notVisible = await b.GetAsync("/api/v1/knowledge/faq/faq-hours");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("KNOWLEDGE_ID_TAKEN", (await Json.ReadAsync(again))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        Assert.Equal("Pytanie?", (await Json.ReadAsync(notVisible))["question"]!.GetValue<string>());
        Assert.Equal("Odpowiedź na: Pytanie?", (await Json.ReadAsync(await a.GetAsync("/api/v1/knowledge/faq/faq-hours")))["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task ViewersReadButOnlyAgentsAndAboveWrite()
    {
        var tenant = await App.RegisterAsync();
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        var (agent, _) = await tenant.AddMemberAsync("agent");
        using (viewer)
        using (agent)
        {
            var byAgent = await agent.PostAsJsonAsync("/api/v1/knowledge/why-us", new { language = "pl", title = "Stała cena", description = "Bez dopłat." });
            var byViewer = await viewer.PostAsJsonAsync("/api/v1/knowledge/why-us", new { language = "pl", title = "Szybko" });
            var read = await viewer.GetAsync("/api/v1/knowledge/why-us");
            var importByViewer = await viewer.PostAsJsonAsync("/api/v1/knowledge/import", new { faq = Array.Empty<object>() });

            Assert.Equal(HttpStatusCode.Created, byAgent.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Single(await Json.ReadArrayAsync(read));
            Assert.Equal(HttpStatusCode.Forbidden, importByViewer.StatusCode);
        }
    }

    [Fact]
    public async Task AnExportImportsIntoAnotherWorkspaceAndReplaceRemovesWhatTheDocumentLacks()
    {
        var source = await AnswerEvalTests.DemoTenantAsync(App);
        var target = await App.RegisterAsync();
        using var from = source.Client();
        using var to = target.Client();
        await to.PostAsJsonAsync("/api/v1/knowledge/faq", Faq("Stare pytanie?", id: "old-entry"));

        var export = await from.GetAsync("/api/v1/knowledge/export");
        var document = await Json.ReadAsync(export);
        var merged = await Json.ReadAsync(await to.PostAsync("/api/v1/knowledge/import", Json.Raw(document.ToJsonString())));
        var mergedAgain = await Json.ReadAsync(await to.PostAsync("/api/v1/knowledge/import?mode=merge", Json.Raw(document.ToJsonString())));
        var replaced = await Json.ReadAsync(await to.PostAsync("/api/v1/knowledge/import?mode=replace", Json.Raw(document.ToJsonString())));
        var old = await to.GetAsync("/api/v1/knowledge/faq/old-entry");
        var badMode = await to.PostAsync("/api/v1/knowledge/import?mode=wipe", Json.Raw(document.ToJsonString()));
        var invalid = await to.PostAsJsonAsync("/api/v1/knowledge/import", new { faq = new[] { new { language = "pl", question = "Bez odpowiedzi?" } } });

        Assert.Equal("parley-knowledge", document["format"]!.GetValue<string>());
        Assert.Equal(81, document["faq"]!.AsArray().Count);
        Assert.Equal(168, merged["created"]!.GetValue<int>());
        Assert.Equal(169, merged["total"]!.GetValue<int>());
        Assert.Equal(168, mergedAgain["unchanged"]!.GetValue<int>());
        Assert.Equal(0, mergedAgain["created"]!.GetValue<int>());
        Assert.Equal(1, replaced["deleted"]!.GetValue<int>());
        Assert.Equal(168, replaced["total"]!.GetValue<int>());
        Assert.Equal(81, replaced["by_kind"]!["faq"]!["unchanged"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await Json.ReadAsync(invalid))["error"]!["details"]!.AsObject().ContainsKey("faq[0].answer"));
    }

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task PublicReadsFollowEveryChangeDespiteTheCache(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var owner = tenant.Client();
        using var anonymous = tenant.App.CreateClient();
        await owner.PostAsJsonAsync("/api/v1/knowledge/facts", new { language = "pl", category = "hours", title = "Godziny", value = "8–16" });
        await owner.PostAsJsonAsync("/api/v1/knowledge/facts", new { language = "en", category = "hours", title = "Hours", value = "8–16" });

        var before = await Json.ReadArrayAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/knowledge/facts?lang=pl"));
        var id = before[0]!["id"]!.GetValue<string>();
        await owner.PutAsJsonAsync($"/api/v1/knowledge/facts/{id}", new { language = "pl", category = "hours", title = "Godziny", value = "9–17" });
        var after = await Json.ReadArrayAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/knowledge/facts?lang=pl"));
        var all = await Json.ReadAsync(await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/knowledge/all"));
        var noSuchSlug = await anonymous.GetAsync("/api/v1/public/no-such-business/knowledge/all");
        var noSuchKind = await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/knowledge/recipes");
        var badLang = await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/knowledge/faq?lang=xx");

        Assert.Single(before);
        Assert.Equal("8–16", before[0]!["value"]!.GetValue<string>());
        Assert.Equal("9–17", after[0]!["value"]!.GetValue<string>());
        Assert.Equal(2, all["facts"]!.AsArray().Count);
        Assert.Empty(all["why_us"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, noSuchSlug.StatusCode);
        Assert.Equal("WORKSPACE_NOT_FOUND", (await Json.ReadAsync(noSuchSlug))["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, noSuchKind.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLang.StatusCode);
    }

    [Fact]
    public async Task PublicEndpointsAreRateLimitedPerClient()
    {
        await using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["RateLimits:PublicPermitsPerMinute"] = "3" });
        var tenant = await app.RegisterAsync();
        using var anonymous = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await anonymous.GetAsync($"/api/v1/public/{tenant.Slug}/search?q=test")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task DemoSeedingCreatesTheRenovationCompanyWithItsKnowledgeBaseOnceAndKeepsTheSalon()
    {
        await using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["Demo:Password"] = "demo-password-123" });
        string first, second;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            second = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        using var anonymous = app.CreateClient();
        var all = await Json.ReadAsync(await anonymous.GetAsync("/api/v1/public/nova-remonty-demo/knowledge/all?lang=de"));
        var search = await Json.ReadAsync(await anonymous.GetAsync("/api/v1/public/nova-remonty-demo/search?q=gwarancja&lang=pl"));
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "wlasciciel@nova-remonty.example", password = "demo-password-123" });

        Assert.Contains("Salon Urody Bella", first, StringComparison.Ordinal);
        Assert.Contains("Nova Remonty", first, StringComparison.Ordinal);
        Assert.Contains("168 entries (168 new", first, StringComparison.Ordinal);
        Assert.Contains("already exists", second, StringComparison.Ordinal);
        Assert.Contains("168 entries (0 new, 0 updated)", second, StringComparison.Ordinal);
        Assert.Equal(27, all["faq"]!.AsArray().Count);
        Assert.Equal(4, all["packages"]!.AsArray().Count);
        Assert.Equal(["step-1-de", "step-2-de", "step-3-de", "step-4-de", "step-5-de", "step-6-de"], all["process"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
        Assert.Contains("faq-warranty-pl", search["results"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
