using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Insights;

public sealed class StatsTests
{
    private static readonly string[] StatsFields = ["average_rating", "total_reviews", "positive_reviews_percentage", "sources_breakdown", "response_rate"];

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task StatsAreComputedFromTheStoredReviewsInTheContractsShape(string lane)
    {
        var app = Lanes.App(lane);
        var tenant = await app.RegisterAsync();
        var other = await app.RegisterAsync();
        using var client = tenant.Client();
        using var otherClient = other.Client();
        await CreateReviewAsync(client, "google", 5);
        var answered = await CreateReviewAsync(client, "google", 4);
        await CreateReviewAsync(client, "booksy", 2);
        await CreateReviewAsync(client, "facebook", 4);
        await CreateReviewAsync(otherClient, "facebook", 1);
        await client.PostAsJsonAsync($"/api/v1/reviews/{Str(answered["id"])}/reply", new { content = "Dziękujemy!" });

        var stats = await Json.ReadAsync(await client.GetAsync("/api/v1/stats"));
        AssertFields(stats, StatsFields);
        Assert.Equal(3.8, stats["average_rating"]!.GetValue<double>());
        Assert.Equal(4, stats["total_reviews"]!.GetValue<int>());
        Assert.Equal(75, stats["positive_reviews_percentage"]!.GetValue<int>());
        Assert.Equal(25, stats["response_rate"]!.GetValue<int>());
        var sources = stats["sources_breakdown"]!.AsArray();
        Assert.Equal(["Google", "Booksy", "Facebook"], sources.Select(s => Str(s!["label"])).ToArray());
        Assert.Equal([2, 1, 1], sources.Select(s => s!["value"]!.GetValue<int>()).ToArray());
        AssertFields(sources[0], "label", "value", "color", "icon");
        Assert.Equal("#4285F4", Str(sources[0]!["color"]));
        Assert.Equal("pi pi-google", Str(sources[0]!["icon"]));
        Assert.Equal("pi pi-calendar", Str(sources[1]!["icon"]));
        Assert.Equal("#1877F2", Str(sources[2]!["color"]));

        var positive = await Json.ReadAsync(await client.GetAsync("/api/v1/stats?scenario=positive"));
        AssertFields(positive, [.. StatsFields, "scenario"]);
        AssertFields(positive["scenario"], "emoji", "ratingColor", "knobColor", "id");
        Assert.Equal("🎉", Str(positive["scenario"]!["emoji"]));
        Assert.Equal("#6366f1", Str(positive["scenario"]!["knobColor"]));
        Assert.Equal("positive", Str(positive["scenario"]!["id"]));
        AssertFields(positive["scenario"]!["ratingColor"], "from", "to");
        Assert.Equal("from-blue-600", Str(positive["scenario"]!["ratingColor"]!["from"]));
        Assert.Equal("to-indigo-600", Str(positive["scenario"]!["ratingColor"]!["to"]));
        Assert.Equal(4, positive["total_reviews"]!.GetValue<int>());
        Assert.Equal("negative", Str((await Json.ReadAsync(await client.GetAsync("/api/v1/stats?scenario=negative")))["scenario"]!["id"]));

        var invalid = await client.GetAsync("/api/v1/stats?scenario=happy");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.NotNull((await Json.ReadAsync(invalid))["error"]!["details"]!["scenario"]);

        Assert.Equal(1, (await Json.ReadAsync(await otherClient.GetAsync("/api/v1/stats")))["total_reviews"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task CachedStatsChangeAsSoonAsTheReviewsDo(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var empty = await Json.ReadAsync(await client.GetAsync("/api/v1/stats"));
        Assert.Equal(0, empty["total_reviews"]!.GetValue<int>());
        Assert.Equal(0, empty["average_rating"]!.GetValue<double>());
        Assert.Equal([0, 0, 0], empty["sources_breakdown"]!.AsArray().Select(s => s!["value"]!.GetValue<int>()).ToArray());

        var review = await CreateReviewAsync(client, "avito", 3);
        var one = await Json.ReadAsync(await client.GetAsync("/api/v1/stats"));
        Assert.Equal(1, one["total_reviews"]!.GetValue<int>());
        Assert.Equal(3, one["average_rating"]!.GetValue<double>());
        Assert.Equal("Avito", Str(one["sources_breakdown"]![3]!["label"]));
        Assert.Equal(0, one["response_rate"]!.GetValue<int>());

        await client.PostAsJsonAsync($"/api/v1/reviews/{Str(review["id"])}/reply", new { content = "Dziękujemy!" });
        Assert.Equal(100, (await Json.ReadAsync(await client.GetAsync("/api/v1/stats")))["response_rate"]!.GetValue<int>());
    }
}
