using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Insights;

public sealed class AnalysisTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    private static string TodayLabel => TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Warsaw).ToString("dd.MM", CultureInfo.InvariantCulture);

    private static async Task SeedAsync(HttpClient client)
    {
        await CreateReviewAsync(client, "google", 5, "Świetna obsługa, pani Kasia to profesjonalistka. Polecam!", "Anna Nowak", service: "Koloryzacja Sombre");
        await CreateReviewAsync(client, "google", 5, "Strzyżenie idealne, bardzo miła atmosfera.", "Ola", service: null, employee: null);
        await CreateReviewAsync(client, "booksy", 2, "Czekałam godzinę na swoją wizytę, mimo rezerwacji.", "Ewa Kowalska", service: "Strzyżenie damskie");
        await CreateReviewAsync(client, "booksy", 1, "Znowu długie czekanie, spóźnienie ponad 40 minut. Nie polecam.", "Marek", service: null, employee: null);
        await CreateReviewAsync(client, "facebook", 4, "Farba dobrej jakości, koloryzacja wyszła pięknie.", "Iza", service: null, employee: null);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task SentimentOfStoredReviewsHasTheContractsShapeWithThirtyDailyLabels(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        await SeedAsync(client);

        var response = await client.PostAsJsonAsync("/api/v1/ai/analyze-sentiment", new { reviews = Array.Empty<object>(), scenario = "positive" });
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("builtin", response.Headers.GetValues("X-Ai-Engine").Single());
        AssertFields(body, "overall", "distribution", "trends", "details");
        AssertFields(body["distribution"], "positive", "neutral", "negative");
        Assert.Equal(60, body["distribution"]!["positive"]!.GetValue<int>());
        Assert.Equal(40, body["distribution"]!["negative"]!.GetValue<int>());
        Assert.Equal("positive", Str(body["overall"]));
        AssertFields(body["trends"], "labels", "positive", "neutral", "negative");
        var labels = body["trends"]!["labels"]!.AsArray().Select(l => Str(l)).ToArray();
        Assert.Equal(30, labels.Length);
        Assert.Equal(TodayLabel, labels[^1]);
        Assert.All(labels, l => Assert.Matches(@"^\d{2}\.\d{2}$", l));
        Assert.Equal(30, body["trends"]!["negative"]!.AsArray().Count);
        var details = body["details"]!.AsArray();
        Assert.Equal(5, details.Count);
        AssertFields(details[0], "review_id", "sentiment", "rating", "excerpt");
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ReviewsSentInTheRequestAreAnalysedInsteadOfTheStoredOnes(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        await SeedAsync(client);
        var reviews = new object[]
        {
            new { id = "101", rating = 1, content = "Fatalnie, nie polecam, strata pieniędzy.", date = DateTime.UtcNow },
            new { id = "102", rating = 2, content = "Brudno i drogo.", date = DateTime.UtcNow },
            new { id = "103", rating = 3, content = "Jest ok.", date = DateTime.UtcNow.AddDays(-1) },
        };

        var body = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/analyze-sentiment", new { reviews }));
        Assert.Equal("negative", Str(body["overall"]));
        Assert.Equal(100, new[] { "positive", "neutral", "negative" }.Sum(k => body["distribution"]![k]!.GetValue<int>()));
        Assert.Equal(["101", "102", "103"], body["details"]!.AsArray().Select(d => Str(d!["review_id"])).ToArray());
        Assert.Equal(100, body["trends"]!["negative"]![29]!.GetValue<int>());

        var trends = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/analyze-time-trends", new { reviews }));
        Assert.Equal(2, trends["reviewCounts"]![29]!.GetValue<int>());
        Assert.Equal(1.5, trends["averageRatings"]![29]!.GetValue<double>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ServicesAndProductsComeFromServiceContextAndText(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        await SeedAsync(client);

        var body = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/analyze-products-services", new { reviews = Array.Empty<object>() }));
        AssertFields(body, "services", "products", "totalAnalyzed");
        Assert.Equal(5, body["totalAnalyzed"]!.GetValue<int>());
        var services = body["services"]!.AsArray().ToDictionary(s => Str(s!["name"]), s => s!["count"]!.GetValue<int>());
        AssertFields(body["services"]![0], "name", "count", "percentage");
        Assert.Equal(1, services["Koloryzacja Sombre"]);
        Assert.Equal(1, services["Koloryzacja"]);
        Assert.Equal(1, services["Strzyżenie damskie"]);
        Assert.Equal(1, services["Strzyżenie"]);
        var products = body["products"]!.AsArray();
        Assert.Equal("Produkty koloryzujące", Str(products[0]!["name"]));
        Assert.Equal(20, products[0]!["percentage"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task RecurringProblemsAreNamedWithTheReviewsThatShowThem(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        await SeedAsync(client);
        var stored = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/reviews"));
        var waiting = stored.Where(r => Str(r!["author_name"]) is "Ewa Kowalska" or "Marek").Select(r => Str(r!["id"])).Order().ToArray();

        var response = await client.PostAsJsonAsync("/api/v1/ai/analyze-repeating-elements", new { reviews = Array.Empty<object>() });
        var body = await Json.ReadAsync(response);
        AssertFields(body, "themes", "keywords", "insights");
        AssertFields(body["themes"]![0], "theme", "count", "percentage", "sentiment");
        var waitingTheme = body["themes"]!.AsArray().Single(t => Str(t!["theme"]) == "Czas oczekiwania")!;
        Assert.Equal("negative", Str(waitingTheme["sentiment"]));
        Assert.Equal(2, waitingTheme["count"]!.GetValue<int>());
        AssertFields(body["keywords"]![0], "word", "count");

        var insights = body["insights"]!.AsArray();
        var trend = insights.First(i => Str(i!["type"]) == "trend")!;
        AssertFields(trend, "type", "title", "elements");
        Assert.Equal("Najczęściej wspominane tematy", Str(trend["title"]));
        var recommendation = insights.Single(i => Str(i!["type"]) == "recommendation")!;
        AssertFields(recommendation, "type", "title", "description", "elements", "review_ids");
        Assert.Equal("Obszary do poprawy", Str(recommendation["title"]));
        Assert.Equal(["Czas oczekiwania"], recommendation["elements"]!.AsArray().Select(e => Str(e)).ToArray());
        Assert.Contains("Czas oczekiwania", Str(recommendation["description"]));
        Assert.Equal(waiting, recommendation["review_ids"]!.AsArray().Select(e => Str(e)).Order().ToArray());
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TimeTrendsCountTodaysReviewsAndReplies(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var review = await CreateReviewAsync(client, rating: 5, date: DateTime.UtcNow.AddMinutes(-5));
        await CreateReviewAsync(client, rating: 4, date: DateTime.UtcNow.AddMinutes(-4));
        await CreateReviewAsync(client, rating: 3, date: DateTime.UtcNow.AddDays(-40));
        await client.PostAsJsonAsync($"/api/v1/reviews/{Str(review["id"])}/reply", new { content = "Dziękujemy!" });

        var response = await client.PostAsJsonAsync("/api/v1/ai/analyze-time-trends", new { reviews = Array.Empty<object>(), scenario = "neutral" });
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertFields(body, "labels", "reviewCounts", "averageRatings", "replyCounts");
        Assert.Equal(TodayLabel, Str(body["labels"]![29]));
        Assert.Equal(2, body["reviewCounts"]![29]!.GetValue<int>());
        Assert.Equal(4.5, body["averageRatings"]![29]!.GetValue<double>());
        Assert.Equal(1, body["replyCounts"]![29]!.GetValue<int>());
        Assert.Equal(2, body["reviewCounts"]!.AsArray().Sum(c => c!.GetValue<int>()));
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task GenerateReplyAnswersTheContractFieldAndRefusesBadInput(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var response = await client.PostAsJsonAsync("/api/v1/ai/generate-reply", new { rating = 5, author_name = "Anna Nowak", content = "Fantastyczna obsługa!" });
        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertFields(body, "suggested_reply");
        Assert.True(Str(body["suggested_reply"]).Length > 20);
        Assert.Equal("builtin", response.Headers.GetValues("X-Ai-Engine").Single());

        var invalid = await client.PostAsJsonAsync("/api/v1/ai/generate-reply", new { rating = 6 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["content", "rating"], (await Json.ReadAsync(invalid))["error"]!["details"]!.AsObject().Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());

        var badReviews = await client.PostAsJsonAsync("/api/v1/ai/analyze-sentiment", new { reviews = new[] { new { rating = 9, content = "x" } }, scenario = "great" });
        Assert.Equal(HttpStatusCode.BadRequest, badReviews.StatusCode);
        Assert.Equal(["reviews[0].rating", "scenario"],
            (await Json.ReadAsync(badReviews))["error"]!["details"]!.AsObject().Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());

        var badDate = await client.PostAsync("/api/v1/ai/analyze-time-trends", Json.Raw("""{"reviews":[{"rating":5,"date":"wczoraj"}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
    }
}
