using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Parley.Features.Reviews;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Reviews.ReviewTestData;

namespace Parley.Tests.Reviews;

/// <summary>A Google connector whose answers the test decides; it records every reply it was given.</summary>
public sealed class ScriptedGooglePlatform : IReviewPlatform
{
    public ConcurrentQueue<PlatformReply> Calls { get; } = new();

    public bool Connected { get; set; } = true;

    public Queue<PlatformReplyResult> Answers { get; } = new();

    public string Source => ReviewSources.Google;

    public bool SupportsReplies => true;

    public Task<bool> IsConnectedAsync(string workspaceId, CancellationToken cancellationToken) => Task.FromResult(Connected);

    public Task<PlatformReplyResult> PublishReplyAsync(PlatformReply reply, CancellationToken cancellationToken)
    {
        Calls.Enqueue(reply);
        return Task.FromResult(Answers.TryDequeue(out var answer) ? answer : PlatformReplyResult.Success("reply-" + Calls.Count));
    }
}

public sealed class PlatformApp : IDisposable
{
    private readonly ParleyApp _base = new(Lanes.Sqlite);

    public PlatformApp() => Factory = _base.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IReviewPlatform>(Google)));

    public ScriptedGooglePlatform Google { get; } = new();

    public WebApplicationFactory<Program> Factory { get; }

    public async Task<HttpClient> RegisterAsync()
    {
        using var anonymous = Factory.CreateClient();
        var registered = await Json.ReadAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"owner-{Guid.NewGuid():N}@example.com", password = Tenant.Password, workspace_name = "Salon" }));
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Str(registered["access_token"]));
        return client;
    }

    public void Dispose()
    {
        Factory.Dispose();
        _base.Dispose();
    }
}

public sealed class ReviewPlatformTests(PlatformApp platform) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task AReplyIsPublishedThroughTheSourcesConnectorOnlyWhenThePlatformAcceptsIt()
    {
        using var client = await platform.RegisterAsync();
        var review = await CreateReviewAsync(client, source: "google", externalId: "accounts/1/locations/2/reviews/3");
        var id = Str(review["id"]);
        platform.Google.Answers.Enqueue(PlatformReplyResult.Failure("503 Service Unavailable"));

        var failed = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/reviews/{id}/reply", new { content = "Dziękujemy!" }));
        var publication = failed["reply"]!["publication"]!;
        AssertFields(publication, "state", "platform", "attempts", "error", "published_at", "message");
        Assert.Equal("failed", Str(publication["state"]));
        Assert.Equal("503 Service Unavailable", Str(publication["error"]));
        Assert.Equal(1, publication["attempts"]!.GetValue<int>());
        Assert.Null(publication["published_at"]);
        Assert.Equal("answered", Str(failed["status"]));

        var published = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/reviews/{id}/reply", new { content = "Dziękujemy serdecznie!" }));
        publication = published["reply"]!["publication"]!;
        Assert.Equal("published", Str(publication["state"]));
        Assert.NotNull(publication["published_at"]);
        Assert.Null(publication["error"]);
        var call = platform.Google.Calls.Last();
        Assert.Equal("accounts/1/locations/2/reviews/3", call.ExternalReviewId);
        Assert.Equal("Dziękujemy serdecznie!", call.Content);
        Assert.Equal(id, call.ReviewId);
    }

    [Fact]
    public async Task ANotConnectedPlatformOrAPlatformWithoutARepliesApiLeavesTheReplyForPostingByHand()
    {
        using var client = await platform.RegisterAsync();
        var before = platform.Google.Calls.Count;
        platform.Google.Connected = false;
        try
        {
            var google = await CreateReviewAsync(client, source: "google");
            var manual = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/reviews/{Str(google["id"])}/reply", new { content = "Dziękujemy!" }));
            Assert.Equal("manual", Str(manual["reply"]!["publication"]!["state"]));
            Assert.Contains("Google", Str(manual["reply"]!["publication"]!["message"]));
        }
        finally
        {
            platform.Google.Connected = true;
        }

        var booksy = await CreateReviewAsync(client, source: "booksy");
        var byHand = await Json.ReadAsync(await client.PostAsJsonAsync($"/api/v1/reviews/{Str(booksy["id"])}/reply", new { content = "Dziękujemy!" }));
        Assert.Equal("manual", Str(byHand["reply"]!["publication"]!["state"]));
        Assert.Equal(before, platform.Google.Calls.Count);

        var stored = await Json.ReadAsync(await client.GetAsync($"/api/v1/reviews/{Str(booksy["id"])}"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/reviews/{Str(booksy["id"])}")).StatusCode);
        Assert.Equal("Dziękujemy!", Str(stored["reply"]!["content"]));
    }
}
