using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Templates;

public sealed class TemplateApiTests
{
    private const string ContractContent =
        "<link rel=\"mention\" name=\"pelne_imie\" title=\"Pełne imię (imię + nazwisko)\">@pelne_imie</link>, bardzo dziękujemy! Cieszymy się, że spodobały Ci się nasze usługi.";

    private static readonly string[] TemplateFields = ["id", "name", "content", "rating", "active", "auto_reply", "created_at", "updated_at"];

    private static async Task<string> CreateAsync(HttpClient client, string content = "@pelne_imie, dziękujemy!", int rating = 5, string name = "Podziękowanie")
    {
        var response = await client.PostAsJsonAsync("/api/v1/templates", new { name, content, rating, active = true, auto_reply = false });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Str((await Json.ReadAsync(response))["id"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheContractsCreateExampleIsStoredWithMentionTags(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var response = await client.PostAsJsonAsync("/api/v1/templates", new
        {
            name = "Podziękowanie (Standard)",
            content = "@pelne_imie, bardzo dziękujemy! Cieszymy się, że spodobały Ci się nasze usługi.",
            rating = 5,
            active = true,
            auto_reply = false,
        });
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertFields(body, TemplateFields);
        Assert.Equal(ContractContent, Str(body["content"]));
        Assert.Equal("Podziękowanie (Standard)", Str(body["name"]));
        Assert.Equal(5, body["rating"]!.GetValue<int>());
        Assert.True(body["active"]!.GetValue<bool>());
        Assert.False(body["auto_reply"]!.GetValue<bool>());
        Assert.Equal($"/api/v1/templates/{Str(body["id"])}", response.Headers.Location?.OriginalString);

        var list = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/templates"));
        AssertFields(Assert.Single(list), TemplateFields);
        Assert.Equal(ContractContent, Str(list[0]!["content"]));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task PutTakesThePostBodyAndKeepsFieldsLeftOut(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var id = await CreateAsync(client);

        var response = await client.PutAsJsonAsync($"/api/v1/templates/{id}", new
        {
            name = "Podziękowanie (Standard) - Zaktualizowane",
            content = "@pelne_imie, bardzo dziękujemy!",
            auto_reply = true,
        });
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertFields(body, TemplateFields);
        Assert.Equal("Podziękowanie (Standard) - Zaktualizowane", Str(body["name"]));
        Assert.Equal("<link rel=\"mention\" name=\"pelne_imie\" title=\"Pełne imię (imię + nazwisko)\">@pelne_imie</link>, bardzo dziękujemy!", Str(body["content"]));
        Assert.Equal(5, body["rating"]!.GetValue<int>());
        Assert.True(body["active"]!.GetValue<bool>());
        Assert.True(body["auto_reply"]!.GetValue<bool>());

        var invalid = await client.PutAsJsonAsync($"/api/v1/templates/{id}", new { rating = 6 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.NotNull((await Json.ReadAsync(invalid))["error"]!["details"]!["rating"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/v1/templates/nope", new { rating = 4 })).StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task BulkUpdateAndBulkDeleteAnswerTheContractShapesAndIgnoreOtherWorkspaces(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        var other = await app.RegisterAsync();
        using var client = tenant.Client();
        using var otherClient = other.Client();
        var t1 = await CreateAsync(client, rating: 4);
        var t2 = await CreateAsync(client, rating: 3);
        var foreign = await CreateAsync(otherClient, rating: 1);

        var response = await client.PostAsJsonAsync("/api/v1/templates/bulk-update",
            new { template_ids = new[] { t1, t2, foreign }, updates = new { active = false, auto_reply = true, rating = 5 } });
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertFields(body, "updated_count", "templates");
        Assert.Equal(2, body["updated_count"]!.GetValue<int>());
        var templates = body["templates"]!.AsArray();
        Assert.Equal([t1, t2], templates.Select(t => Str(t!["id"])).ToArray());
        foreach (var template in templates)
        {
            AssertFields(template, "id", "active", "auto_reply", "rating");
            Assert.False(template!["active"]!.GetValue<bool>());
            Assert.True(template["auto_reply"]!.GetValue<bool>());
            Assert.Equal(5, template["rating"]!.GetValue<int>());
        }

        Assert.Equal(1, (await Json.ReadAsync(await otherClient.GetAsync($"/api/v1/templates/{foreign}")))["rating"]!.GetValue<int>());

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/templates/bulk-delete") { Content = JsonContent.Create(new { template_ids = new[] { t1, foreign } }) };
        var deleted = await client.SendAsync(delete);
        var deletedBody = await Json.ReadAsync(deleted);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        AssertFields(deletedBody, "deleted_count");
        Assert.Equal(1, deletedBody["deleted_count"]!.GetValue<int>());
        Assert.Equal([t2], (await Json.ReadArrayAsync(await client.GetAsync("/api/v1/templates"))).Select(t => Str(t!["id"])).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync($"/api/v1/templates/{foreign}")).StatusCode);

        var empty = await client.PostAsJsonAsync("/api/v1/templates/bulk-update", new { template_ids = Array.Empty<string>(), updates = new { } });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var details = (await Json.ReadAsync(empty))["error"]!["details"]!.AsObject();
        Assert.Equal(["template_ids", "updates"], details.Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task DeleteAnswers204AndThen404(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var id = await CreateAsync(client);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/templates/{id}")).StatusCode);
        var again = await client.DeleteAsync($"/api/v1/templates/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("TEMPLATE_NOT_FOUND", Str((await Json.ReadAsync(again))["error"]!["code"]));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task PreviewFillsTheTemplateWithAReviewOrAFeedbacksData(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        var other = await app.RegisterAsync();
        using var client = tenant.Client();
        using var otherClient = other.Client();
        var id = await CreateAsync(client, "Dzień dobry @imie, dziękujemy za @ocena gwiazdek za usługę @usluga (@data). Zamówienie @zamowienie.");
        var review = await CreateReviewAsync(client, author: "Anna Nowak", date: new DateTime(2025, 11, 24, 19, 46, 0, DateTimeKind.Utc));
        var feedback = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/intercepted-feedbacks", new { rating = 2, message = "Głośno", name = "Jan" }));

        var byReview = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/templates/{id}/preview", new { review_id = Str(review["id"]) }));
        AssertFields(byReview, "template_id", "text", "missing_variables");
        Assert.Equal("Dzień dobry Anna, dziękujemy za 5 gwiazdek za usługę Koloryzacja Sombre (24.11.2025). Zamówienie ORD-12345.", Str(byReview["text"]));
        Assert.Empty(byReview["missing_variables"]!.AsArray());

        var byFeedback = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/templates/{id}/preview", new { feedback_id = Str(feedback["id"]) }));
        Assert.StartsWith("Dzień dobry Jan, dziękujemy za 2 gwiazdek za usługę (", Str(byFeedback["text"]));
        Assert.EndsWith("Zamówienie.", Str(byFeedback["text"]));
        Assert.Equal(["usluga", "zamowienie"], byFeedback["missing_variables"]!.AsArray().Select(v => Str(v)).ToArray());

        var foreignReview = await CreateReviewAsync(otherClient);
        var notMine = await client.PostAsJsonAsync($"/api/v1/templates/{id}/preview", new { review_id = Str(foreignReview["id"]) });
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
        Assert.Equal("REVIEW_NOT_FOUND", Str((await Json.ReadAsync(notMine))["error"]!["code"]));
        var unknownTemplate = await client.PostAsJsonAsync("/api/v1/templates/nope/preview", new { review_id = Str(review["id"]) });
        Assert.Equal("TEMPLATE_NOT_FOUND", Str((await Json.ReadAsync(unknownTemplate))["error"]!["code"]));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task InvalidTemplatesAreRefusedFieldByFieldAndScriptsAreStripped(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var invalid = await client.PostAsJsonAsync("/api/v1/templates", new { name = "", content = "", rating = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var details = (await Json.ReadAsync(invalid))["error"]!["details"]!.AsObject();
        Assert.Equal(["content", "name", "rating"], details.Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());

        var onlyScript = await client.PostAsJsonAsync("/api/v1/templates", new { name = "x", content = "<script>alert(1)</script>", rating = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, onlyScript.StatusCode);
        Assert.NotNull((await Json.ReadAsync(onlyScript))["error"]!["details"]!["content"]);

        var mixed = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/templates",
            new { name = "x", content = "<img src=x onerror=alert(1)>Dziękujemy @imie! <b>Zapraszamy</b>", rating = 5 }));
        Assert.Equal("Dziękujemy <link rel=\"mention\" name=\"imie\" title=\"Imię klienta\">@imie</link>! Zapraszamy", Str(mixed["content"]));

        var wrongType = await client.PostAsync("/api/v1/templates", Json.Raw("""{"name":"x","content":"y","rating":"piec"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.NotNull((await Json.ReadAsync(wrongType))["error"]!["details"]!["rating"]);
    }

    [Fact]
    public async Task AViewerMayReadTemplatesButNotChangeThem()
    {
        var tenant = await Lanes.App(Lanes.Sqlite).RegisterAsync();
        using var owner = tenant.Client();
        var id = await CreateAsync(owner);
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        using (viewer)
        {
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/templates")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/v1/templates/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/templates", new { name = "x", content = "y", rating = 5 })).StatusCode);
        }
    }
}
