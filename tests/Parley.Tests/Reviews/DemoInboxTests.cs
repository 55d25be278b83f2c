using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Features.Demo;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Reviews;

public sealed class DemoInboxTests
{
    [Fact]
    public async Task TheDemoSalonHasSixMonthsOfReviewsTemplatesForEveryRatingAndInterceptedFeedback()
    {
        using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["Demo:Password"] = "demo-password-123", ["Jobs:Enabled"] = "false" });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            Assert.Contains("72 reviews", report);
        }

        using var anonymous = app.CreateClient();
        var login = await Json.ReadAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoSeeder.OwnerEmail, password = "demo-password-123" }));
        using var client = app.ClientWithToken(Str(login["access_token"]));

        var reviews = await client.GetAsync("/api/v1/reviews?limit=500");
        Assert.Equal("72", reviews.Headers.GetValues("X-Total-Count").Single());
        var list = await Json.ReadArrayAsync(reviews);
        Assert.Equal(["booksy", "facebook", "google"], list.Select(r => Str(r!["source"])).Distinct().Order().ToArray());
        Assert.True(list.Min(r => DateTime.Parse(Str(r!["date"]), System.Globalization.CultureInfo.InvariantCulture)) < DateTime.UtcNow.AddDays(-120));
        Assert.Contains(list, r => r!["reply"] is not null);
        Assert.Contains(list, r => r!["rating"]!.GetValue<int>() <= 2);

        var templates = await Json.ReadArrayAsync(await client.GetAsync("/api/v1/templates"));
        Assert.Equal([1, 2, 3, 4, 5], templates.Select(t => t!["rating"]!.GetValue<int>()).Distinct().Order().ToArray());
        Assert.Equal(4, (await Json.ReadArrayAsync(await client.GetAsync("/api/v1/intercepted-feedbacks"))).Count);

        var stats = await Json.ReadAsync(await client.GetAsync("/api/v1/stats"));
        Assert.Equal(72, stats["total_reviews"]!.GetValue<int>());
        Assert.InRange(stats["average_rating"]!.GetValue<double>(), 3.5, 5);
        var trends = await Json.ReadAsync(await client.PostAsJsonAsync("/api/v1/ai/analyze-time-trends", new { reviews = Array.Empty<object>() }));
        Assert.True(trends["reviewCounts"]!.AsArray().Sum(c => c!.GetValue<int>()) > 0);
    }
}
