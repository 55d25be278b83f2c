using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

public sealed class RateLimitTests
{
    [Fact]
    public async Task SignInAttemptsOverTheLimitAnswer429WithRetryAfter()
    {
        using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["RateLimits:AuthPermitsPerMinute"] = "3" });
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "x@example.com", password = "whatever-it-is" });
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var body = await Json.ReadAsync(last);
        Assert.Equal("RATE_LIMIT_EXCEEDED", body["error"]!["code"]!.GetValue<string>());
        Assert.Equal(429, body["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task EachApiKeyHasItsOwnBudget()
    {
        using var app = new ParleyApp(Lanes.Sqlite, new Dictionary<string, string?> { ["RateLimits:ApiPermitsPerMinute"] = "5" });
        var tenant = await app.RegisterAsync();
        var first = await tenant.CreateApiKeyAsync("read");
        var second = await tenant.CreateApiKeyAsync("read");
        using var a = app.ClientWithApiKey(first);
        using var b = app.ClientWithApiKey(second);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await a.GetAsync("/api/v1/workspace")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/v1/workspace")).StatusCode);
    }
}
