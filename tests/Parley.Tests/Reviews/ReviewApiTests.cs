using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Reviews;

public sealed class ReviewApiTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AStoredReviewIsListedWithExactlyTheContractFieldsAndTheDocumentedExtras(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var created = await CreateReviewAsync(client, externalId: "g-101");

        var response = await client.GetAsync("/api/v1/reviews");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("X-Total-Count").Single());
        var list = await Json.ReadArrayAsync(response);
        var review = Assert.Single(list)!;
        AssertFields(review, ReviewFields);
        Assert.Equal(Str(created["id"]), Str(review["id"]));
        Assert.Equal("google", Str(review["source"]));
        Assert.Equal("Anna Nowak", Str(review["author_name"]));
        Assert.Equal(5, review["rating"]!.GetValue<int>());
        Assert.Equal("unanswered", Str(review["status"]));
        Assert.Null(review["reply"]);
        Assert.False(review["read"]!.GetValue<bool>());
        AssertFields(review["service_context"], "service_name", "employee_name");
        Assert.Equal("Koloryzacja Sombre", Str(review["service_context"]!["service_name"]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", Str(review["date"]));
        Assert.Equal("positive", Str(review["sentiment"]));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ReplyingToAReviewWithoutAConnectorStoresItAsManualAndSaysSo(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var created = await CreateReviewAsync(client, source: "booksy");

        var response = await client.PostAsJsonAsync($"/api/v1/reviews/{Str(created["id"])}/reply",
            new { content = "Dziękujemy za opinię! Cieszymy się, że wizyta się udała." });
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("answered", Str(body["status"]));
        Assert.True(body["read"]!.GetValue<bool>());
        AssertFields(body["reply"], "content", "date", "author", "publication");
        Assert.Equal("Dziękujemy za opinię! Cieszymy się, że wizyta się udała.", Str(body["reply"]!["content"]));
        Assert.Equal(tenant.Email, Str(body["reply"]!["author"]));
        var publication = body["reply"]!["publication"]!;
        Assert.Equal("manual", Str(publication["state"]));
        Assert.Contains("by hand", Str(publication["message"]));
        Assert.Null(publication["published_at"]);

        var unread = await Json.ReadAsync(await client.GetAsync("/api/v1/reviews/unread-count"));
        AssertFields(unread, "count");
        Assert.Equal(0, unread["count"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnotherWorkspacesReviewAnswers404InTheEnvelope(string lane)
    {
        var app = Lanes.App(lane);
        var owner = await app.RegisterAsync();
        var stranger = await app.RegisterAsync();
        using var ownerClient = owner.Client();
        using var strangerClient = stranger.Client();
        var review = await CreateReviewAsync(ownerClient);
        var id = Str(review["id"]);

        foreach (var response in new[]
                 {
                     await strangerClient.GetAsync($"/api/v1/reviews/{id}"),
                     await strangerClient.PostAsJsonAsync($"/api/v1/reviews/{id}/reply", new { content = "Nie moja opinia" }),
                     await strangerClient.PostAsync($"/api/v1/reviews/{id}/read", null),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await Json.ReadAsync(response);
            Assert.Equal("REVIEW_NOT_FOUND", Str(body["error"]!["code"]));
        }

        Assert.Empty(await Json.ReadArrayAsync(await strangerClient.GetAsync("/api/v1/reviews")));
        var unchanged = await Json.ReadAsync(await ownerClient.GetAsync($"/api/v1/reviews/{id}"));
        Assert.Equal("unanswered", Str(unchanged["status"]));
    }
}
