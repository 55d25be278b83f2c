using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Data;
using Parley.Features.AutoReply;
using Parley.Features.Reviews;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.AutoReply;

public enum PlatformMode
{
    Succeed,
    Throw,
    Timeout,
    RateLimited,
}

/// <summary>A review platform in memory: counts every call and every reply that really got published, per review.</summary>
public sealed class FakeReviewPlatform(string source) : IReviewPlatform
{
    public ConcurrentDictionary<string, int> Published { get; } = new();
    public ConcurrentDictionary<string, int> Calls { get; } = new();
    public ConcurrentDictionary<string, PlatformMode> ModeByWorkspace { get; } = new();
    public ConcurrentDictionary<string, string> IdempotencyKeys { get; } = new();

    public string Source => source;

    /// <summary>Runs after the platform took a reply and before it answers (e.g. the calling process dies there).</summary>
    public Action<PlatformReply>? AfterPublish { get; set; }

    public bool SupportsReplies => true;

    public Task<bool> IsConnectedAsync(string workspaceId, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<PlatformReplyResult> PublishReplyAsync(PlatformReply reply, CancellationToken cancellationToken)
    {
        Calls.AddOrUpdate(reply.ReviewId, 1, (_, n) => n + 1);
        switch (ModeByWorkspace.GetValueOrDefault(reply.WorkspaceId))
        {
            case PlatformMode.Throw:
                throw new HttpRequestException("Connection refused (fake platform).");
            case PlatformMode.Timeout:
                throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 20 seconds elapsing.");
            case PlatformMode.RateLimited:
                return Task.FromResult(PlatformReplyResult.Failure("429 Too Many Requests"));
            default:
                Published.AddOrUpdate(reply.ReviewId, 1, (_, n) => n + 1);
                AfterPublish?.Invoke(reply);
                return Task.FromResult(PlatformReplyResult.Success("ext-" + reply.ReviewId));
        }
    }

    public int PublishedFor(string reviewId) => Published.GetValueOrDefault(reviewId);

    public int CallsFor(string reviewId) => Calls.GetValueOrDefault(reviewId);
}

/// <summary>A connector that can read back whether a review shows a reply (it asks the fake platform).</summary>
public sealed class FakeReplyLookup(FakeReviewPlatform platform) : IReviewReplyLookup
{
    public int Lookups;

    public string Source => platform.Source;

    public Task<ReplyLookupResult> FindReplyAsync(string workspaceId, string reviewId, string? externalReviewId, string idempotencyKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Lookups);
        return Task.FromResult(platform.PublishedFor(reviewId) > 0 ? ReplyLookupResult.Published : ReplyLookupResult.NotPublished);
    }
}

/// <summary>
/// A Parley with a settable clock, fake Google and Facebook connectors (Facebook can also be asked whether a reply is there)
/// and no background scheduler: tests run the dispatcher and the sweep themselves.
/// </summary>
public sealed class AutoReplyApp : IDisposable
{
    /// <summary>A Wednesday, 10:00 in Warsaw (09:00 UTC).</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 18, 9, 0, 0, TimeSpan.Zero);

    public AutoReplyApp() : this(Lanes.Sqlite, null, null, null, null)
    {
    }

    /// <summary>Another lane, other settings, or a clock and platform shared with a second instance.</summary>
    public static AutoReplyApp Create(string lane, IReadOnlyDictionary<string, string?>? settings, FakeTimeProvider? clock = null, FakeReviewPlatform? google = null,
        Action<IServiceCollection>? services = null) =>
        new(lane, settings, clock, google, services);

    private AutoReplyApp(string lane, IReadOnlyDictionary<string, string?>? settings, FakeTimeProvider? clock, FakeReviewPlatform? google,
        Action<IServiceCollection>? moreServices)
    {
        Clock = clock ?? new FakeTimeProvider(Start);
        Google = google ?? new FakeReviewPlatform(ReviewSources.Google);
        Facebook = new FakeReviewPlatform(ReviewSources.Facebook);
        FacebookLookup = new FakeReplyLookup(Facebook);
        var all = new Dictionary<string, string?> { ["Jobs:Enabled"] = "false", ["AutoReply:RetryBaseSeconds"] = "60" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        App = new ParleyApp(lane, all, services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IReviewPlatform>(Google);
            services.AddSingleton<IReviewPlatform>(Facebook);
            services.AddSingleton<IReviewReplyLookup>(FacebookLookup);
            moreServices?.Invoke(services);
        });
        _ = App.Server;
    }

    public ParleyApp App { get; }
    public FakeTimeProvider Clock { get; }
    public FakeReviewPlatform Google { get; }
    public FakeReviewPlatform Facebook { get; }
    public FakeReplyLookup FacebookLookup { get; }

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>A new workspace and a client with an admin API key (keys do not expire when the clock moves on by days).</summary>
    public async Task<Shop> ShopAsync()
    {
        var tenant = await App.RegisterAsync();
        var key = await tenant.CreateApiKeyAsync("read", "write", "admin");
        return new Shop(this, tenant, App.ClientWithApiKey(key));
    }

    public Task<DispatchReport> DispatchAsync() => App.Service<AutoReplyDispatcher>().RunOnceAsync(CancellationToken.None);

    public Task<SweepReport> SweepAsync() => App.Service<AutoReplySweeper>().RunOnceAsync(CancellationToken.None);

    public async Task<T> WithDbAsync<T>(string workspaceId, Func<ParleyDb, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Parley.Platform.Tenancy.WorkspaceContext>().SetSystem(workspaceId);
        return await work(scope.ServiceProvider.GetRequiredService<ParleyDb>());
    }

    public void Dispose() => App.Dispose();
}

/// <summary>One workspace of the test app and its client.</summary>
public sealed record Shop(AutoReplyApp Host, Tenant Tenant, HttpClient Client)
{
    public string WorkspaceId => Tenant.WorkspaceId;

    /// <summary>Saves settings: neutral values (no approval, no limits that bite) unless the test overrides them.</summary>
    public async Task<JsonNode> SettingsAsync(bool enabled = true, bool requireApproval = false, bool emailNotifications = false, int approvalTimeoutHours = 0,
        int dailyLimit = 1000, int cooldownDays = 0, int maxAgeDays = 30, double? responseRateThreshold = null, int[]? ratings = null, string[]? keywords = null)
    {
        var response = await Client.PutAsJsonAsync("/api/v1/auto-reply/settings", new
        {
            enabled,
            require_approval = requireApproval,
            email_notifications = emailNotifications,
            approval_timeout_hours = approvalTimeoutHours,
            daily_limit = dailyLimit,
            cooldown_days = cooldownDays,
            max_age_days = maxAgeDays,
            response_rate_threshold = responseRateThreshold,
            require_approval_for_ratings = ratings ?? [],
            require_approval_keywords = keywords ?? [],
        });
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body;
    }

    public async Task<string> TemplateAsync(string content = "@pelne_imie, bardzo dziękujemy!", int rating = 5, bool autoReply = true, bool active = true, string? name = null)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/templates", new { name = name ?? "Podziękowanie " + rating, content, rating, active, auto_reply = autoReply });
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body["id"]!.GetValue<string>();
    }

    public async Task<JsonNode> RuleAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/auto-reply/rules", body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    /// <summary>A rule answering every rating from 1 to 5 with the rating's templates, sent at once.</summary>
    public Task<JsonNode> SimpleRuleAsync(string name = "Wszystkie opinie", object? schedule = null, int? priority = null, string strategy = "rating_match",
        string? fallback = null, object? conditions = null) =>
        RuleAsync(new
        {
            name,
            enabled = true,
            priority,
            conditions = conditions ?? new { rating = new { @operator = "gte", value = 1 } },
            schedule = schedule ?? new { type = "immediate", delay_minutes = 0, time_window = (object?)null, weekdays_only = false },
            template_selection = new { strategy, fallback_template_id = fallback },
        });

    public async Task<string> ReviewAsync(int rating = 5, string source = "google", string content = "Fantastyczna obsługa! Polecam.", string author = "Anna Nowak",
        string? email = "anna.nowak@example.com", string? phone = "500600700", DateTime? date = null, string? service = "Koloryzacja Sombre")
    {
        var response = await Client.PostAsJsonAsync("/api/v1/reviews", new
        {
            source,
            external_id = "ext-" + Guid.NewGuid().ToString("N")[..12],
            author_name = author,
            rating,
            content,
            date = (date ?? Host.Now.AddHours(-1)).ToString("O"),
            service_context = new { service_name = service, employee_name = "Kasia" },
            email,
            phone,
            order_no = "ORD-1",
        });
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body["id"]!.GetValue<string>();
    }

    public async Task<string> FeedbackAsync(int rating = 5, string message = "Wszystko super, dziękuję!", string? email = "jan.kowalski@example.com",
        string name = "Jan", string surname = "Kowalski")
    {
        var response = await Client.PostAsJsonAsync("/api/v1/intercepted-feedbacks", new
        {
            rating,
            message,
            name,
            surname,
            email,
            phone = "500 600 701",
            order_no = "ORD-2",
            service_name = "Strzyżenie",
            employee_name = "Bartek",
        });
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body["id"]!.GetValue<string>();
    }

    public async Task<JsonArray> HistoryAsync(string query = "")
    {
        var response = await Client.GetAsync("/api/v1/auto-reply/history" + query);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await Json.ReadArrayAsync(response);
    }

    public async Task<JsonNode> EntryForAsync(string itemId) =>
        Assert.Single(await HistoryAsync("?review_id=" + itemId))!;

    public async Task<JsonNode> ReviewJsonAsync(string id) => await Json.ReadAsync(await Client.GetAsync($"/api/v1/reviews/{id}"));

    public Task<AutoReplyEntry> EntityAsync(string entryId) =>
        Host.WithDbAsync(WorkspaceId, db => db.Set<AutoReplyEntry>().AsNoTracking().FirstAsync(e => e.Id == entryId));

    public Task SetTimeZoneAsync(string zone) =>
        Host.WithDbAsync(WorkspaceId, async db =>
            await db.Workspaces.Where(w => w.Id == WorkspaceId).ExecuteUpdateAsync(s => s.SetProperty(w => w.TimeZone, zone)));
}

public static class JsonAssert
{
    public static string Str(JsonNode? node) => node!.GetValue<string>();

    public static void Fields(JsonNode? node, params string[] expected)
    {
        Assert.NotNull(node);
        var actual = node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), actual);
    }

    public static void HasFields(JsonNode? node, params string[] expected)
    {
        Assert.NotNull(node);
        var actual = node.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(expected, field => Assert.Contains(field, actual));
    }

    public static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, int status, string code)
    {
        var body = await Json.ReadAsync(response);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body.ToJsonString()}");
        Assert.Equal(code, Str(body["error"]!["code"]));
        return body;
    }
}
