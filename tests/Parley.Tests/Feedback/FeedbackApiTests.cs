using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Feedback;

public sealed class FeedbackApiTests
{
    public static readonly string[] FeedbackFields =
        ["id", "date", "rating", "comment", "status", "name", "surname", "email", "phone", "order_no", "service_name", "employee_name", "reply",
         "location_id"]; // beyond the contract: the feedback page's location

    public static object ContractBody => new
    {
        rating = 2,
        message = "Muzyka była zdecydowanie za głośno.",
        name = "Jan",
        surname = "Kowalski",
        email = "jan.kowalski@example.com",
        phone = "500 600 700",
        order_no = "ORD-12345",
        service_name = "Strzyżenie",
        employee_name = "Bartek",
    };

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheContractsCreateExampleAnswers201WithExactlyTheContractFields(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var response = await client.PostAsJsonAsync("/api/v1/intercepted-feedbacks", ContractBody);
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertFields(body, FeedbackFields);
        Assert.Equal("Muzyka była zdecydowanie za głośno.", Str(body["comment"]));
        Assert.Equal("new", Str(body["status"]));
        Assert.Equal(2, body["rating"]!.GetValue<int>());
        Assert.Equal("Kowalski", Str(body["surname"]));
        Assert.Equal("500 600 700", Str(body["phone"]));
        Assert.Equal("Bartek", Str(body["employee_name"]));
        Assert.Null(body["reply"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", Str(body["date"]));

        var list = await client.GetAsync("/api/v1/intercepted-feedbacks");
        Assert.Equal("1", list.Headers.GetValues("X-Total-Count").Single());
        AssertFields(Assert.Single(await Json.ReadArrayAsync(list)), FeedbackFields);
        Assert.Equal(1, (await Json.ReadAsync(await client.GetAsync("/api/v1/intercepted-feedbacks/unread-count")))["count"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task StatusChangesAnswerTheContractShapeAndDriveTheUnreadCount(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var created = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/intercepted-feedbacks", ContractBody));
        var id = Str(created["id"]);

        var response = await client.PutAsJsonAsync($"/api/v1/intercepted-feedbacks/{id}/status", new { status = "read" });
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertFields(body, "id", "status", "updated_at");
        Assert.Equal("read", Str(body["status"]));
        Assert.Equal(0, (await Json.ReadAsync(await client.GetAsync("/api/v1/intercepted-feedbacks/unread-count")))["count"]!.GetValue<int>());

        var invalid = await client.PutAsJsonAsync($"/api/v1/intercepted-feedbacks/{id}/status", new { status = "archived" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var error = await Json.ReadAsync(invalid);
        Assert.Equal("VALIDATION_ERROR", Str(error["error"]!["code"]));
        Assert.NotNull(error["error"]!["details"]!["status"]);

        Assert.Single(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/intercepted-feedbacks?status=read")));
        Assert.Empty(await Json.ReadArrayAsync(await client.GetAsync("/api/v1/intercepted-feedbacks?status=new")));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ReplyingWithoutAnEmailStoresTheReplyAndSaysItWasNotDelivered(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var created = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/intercepted-feedbacks", new { rating = 1, message = "Było brudno." }));
        Assert.Equal("", Str(created["name"]));
        Assert.Null(created["email"]);

        var response = await client.PostAsJsonAsync($"/api/v1/intercepted-feedbacks/{Str(created["id"])}/reply",
            new { message = "Dziękujemy za opinię. Postaramy się poprawić." });
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertFields(body, "id", "status", "reply");
        Assert.Equal("replied", Str(body["status"]));
        AssertFields(body["reply"], "content", "date", "author", "delivery");
        Assert.Equal("Dziękujemy za opinię. Postaramy się poprawić.", Str(body["reply"]!["content"]));
        Assert.Equal(tenant.Email, Str(body["reply"]!["author"]));
        Assert.Equal("not_delivered", Str(body["reply"]!["delivery"]!["state"]));
        Assert.Null(body["reply"]!["delivery"]!["email_id"]);

        var outbox = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/email/outbox"));
        Assert.Empty(outbox);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task MarkupInFeedbackIsRemovedAndInvalidInputIsRefusedField(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var created = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/intercepted-feedbacks", new
        {
            rating = 2,
            message = "<script>alert('x')</script>Za głośno <img src=x onerror=alert(1)>było",
            name = "<b>Jan</b>",
        }));
        Assert.Equal("Za głośno było", Str(created["comment"]));
        Assert.Equal("Jan", Str(created["name"]));

        var invalid = await client.PostAsJsonAsync("/api/v1/intercepted-feedbacks", new { rating = 7, email = "not-an-email", phone = "abc" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var details = (await Json.ReadAsync(invalid))["error"]!["details"]!.AsObject();
        Assert.Equal(["email", "message", "phone", "rating"], details.Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());

        var wrongType = await client.PostAsync("/api/v1/intercepted-feedbacks", Json.Raw("""{"rating":"five","message":"x"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.NotNull((await Json.ReadAsync(wrongType))["error"]!["details"]!["rating"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AnotherWorkspacesFeedbackAnswers404AndDeleteAnswers204(string lane)
    {
        var app = Lanes.App(lane);
        var owner = await app.RegisterAsync();
        var stranger = await app.RegisterAsync();
        using var ownerClient = owner.Client();
        using var strangerClient = stranger.Client();
        var id = Str((await Json.ReadAsync(await ownerClient.PostAsJsonAsync("/api/v1/intercepted-feedbacks", ContractBody)))["id"]);

        foreach (var response in new[]
                 {
                     await strangerClient.GetAsync($"/api/v1/intercepted-feedbacks/{id}"),
                     await strangerClient.PutAsJsonAsync($"/api/v1/intercepted-feedbacks/{id}/status", new { status = "read" }),
                     await strangerClient.PostAsJsonAsync($"/api/v1/intercepted-feedbacks/{id}/reply", new { message = "?" }),
                     await strangerClient.DeleteAsync($"/api/v1/intercepted-feedbacks/{id}"),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("FEEDBACK_NOT_FOUND", Str((await Json.ReadAsync(response))["error"]!["code"]));
        }

        var deleted = await ownerClient.DeleteAsync($"/api/v1/intercepted-feedbacks/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ownerClient.GetAsync($"/api/v1/intercepted-feedbacks/{id}")).StatusCode);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ListsFilterByRatingAndSortLowestFirst(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        foreach (var rating in new[] { 3, 1, 2 })
        {
            await client.PostAsJsonAsync("/api/v1/intercepted-feedbacks", new { rating, message = $"Ocena {rating}" });
        }

        var lowest = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/intercepted-feedbacks?sort=lowest"));
        Assert.Equal([1, 2, 3], lowest.Select(f => f!["rating"]!.GetValue<int>()).ToArray());
        var oldest = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/intercepted-feedbacks?sort=oldest"));
        Assert.Equal([3, 1, 2], oldest.Select(f => f!["rating"]!.GetValue<int>()).ToArray());
        var two = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/intercepted-feedbacks?rating=2"));
        Assert.Equal("Ocena 2", Str(Assert.Single(two)!["comment"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/intercepted-feedbacks?sort=best")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/intercepted-feedbacks?rating=9")).StatusCode);
    }
}
