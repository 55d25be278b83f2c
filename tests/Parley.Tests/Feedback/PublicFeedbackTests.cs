using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Feedback;

public sealed class PublicFeedbackTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheFeedbackPagesFormCreatesTheSameRecordWithoutLogin(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        using var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback", FeedbackApiTests.ContractBody);
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertFields(body, FeedbackApiTests.FeedbackFields);

        using var owner = tenant.Client();
        var stored = Assert.Single(await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/intercepted-feedbacks")))!;
        Assert.Equal(Str(body["id"]), Str(stored["id"]));
        Assert.Equal("Muzyka była zdecydowanie za głośno.", Str(stored["comment"]));
        Assert.Equal("new", Str(stored["status"]));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task AFilledHoneypotIsAcceptedButNothingIsStored(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        using var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback",
            new { rating = 1, message = "Buy cheap watches", website = "http://spam.example" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertFields(await Json.ReadAsync(response), FeedbackApiTests.FeedbackFields);

        using var owner = tenant.Client();
        Assert.Empty(await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/intercepted-feedbacks")));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheFormNamesTheFieldsItRequiresAndRefusesUnknownSlugsAndHugeBodies(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        using var anonymous = app.CreateClient();

        var missing = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback", new { name = "Jan" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var details = (await Json.ReadAsync(missing))["error"]!["details"]!.AsObject();
        Assert.Equal(["message", "rating"], details.Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());

        var unknown = await anonymous.PostAsJsonAsync("/api/v1/public/no-such-business/feedback", new { rating = 2, message = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("WORKSPACE_NOT_FOUND", Str((await Json.ReadAsync(unknown))["error"]!["code"]));

        var huge = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback", new { rating = 2, message = "x", name = new string('a', 20_000) });
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Equal("REQUEST_TOO_LARGE", Str((await Json.ReadAsync(huge))["error"]!["code"]));

        using var owner = tenant.Client();
        Assert.Empty(await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/intercepted-feedbacks")));
    }

    [Fact]
    public async Task ThePublicFormIsRateLimitedPerClient()
    {
        using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["RateLimits:PublicPermitsPerMinute"] = "3" });
        var tenant = await app.RegisterAsync();
        using var anonymous = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await anonymous.PostAsJsonAsync($"/api/v1/public/{tenant.Slug}/feedback", new { rating = 2, message = $"Opinia {i}" });
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("RATE_LIMIT_EXCEEDED", Str((await Json.ReadAsync(last))["error"]!["code"]));
        using var owner = tenant.Client();
        Assert.Equal(3, (await Json.ReadArrayAsync(await owner.GetAsync("/api/v1/intercepted-feedbacks"))).Count);
    }
}
