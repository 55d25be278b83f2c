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
}
