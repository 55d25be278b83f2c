using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

public sealed class OperationsTests
{
    [Theory, MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public async Task HealthEndpointsReportLivenessAndTheDatabase(string lane)
    {
        var app = Lanes.App(lane);
        using var client = app.CreateClient();

        var live = await Json.ReadAsync(await client.GetAsync("/health/live"));
        var ready = await Json.ReadAsync(await client.GetAsync("/health/ready"));

        Assert.Equal("healthy", live["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["database"]!["status"]!.GetValue<string>());
        if (lane == Lanes.Redis)
        {
            Assert.Equal("healthy", ready["checks"]!["redis"]!["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ReadinessFailsWhenRedisIsConfiguredButDown()
    {
        using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200,abortConnect=false" });
        using var client = app.CreateClient();

        var response = await client.GetAsync("/health/ready");
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", body["checks"]!["redis"]!["status"]!.GetValue<string>());
        Assert.Equal("healthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheApiAndItsErrors()
    {
        using var client = Lanes.App(Lanes.Sqlite).CreateClient();

        var document = await Json.ReadAsync(await client.GetAsync("/openapi/v1.json"));
        var docs = await client.GetAsync("/docs/");

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Parley API", document["info"]!["title"]!.GetValue<string>());
        var register = document["paths"]!["/api/v1/auth/register"]!["post"]!;
        Assert.False(string.IsNullOrEmpty(register["summary"]!.GetValue<string>()));
        Assert.NotNull(register["responses"]!["201"]);
        Assert.NotNull(register["responses"]!["409"]);
        Assert.NotNull(document["paths"]!["/api/v1/api-keys/{id}"]!["delete"]!["responses"]!["404"]);
        Assert.NotNull(document["components"]!["schemas"]!["RegisterRequest"]!["properties"]!["workspace_name"]);
        var queryNames = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => operation.Value!["parameters"]))
            .SelectMany(parameters => parameters?.AsArray() ?? [])
            .Where(p => p!["in"]!.GetValue<string>() == "query")
            .Select(p => p!["name"]!.GetValue<string>())
            .ToHashSet();
        Assert.Contains("limit", queryNames);
        Assert.Contains("location_id", queryNames);
        Assert.All(queryNames, name => Assert.Matches("^[a-z][a-z0-9_]*$", name));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("Parley API", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusScrapesRequestMetrics()
    {
        using var client = Lanes.App(Lanes.Sqlite).CreateClient();
        await client.GetAsync("/health/live");

        var text = await client.GetStringAsync("/metrics");

        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE", text, StringComparison.Ordinal);
    }
}
