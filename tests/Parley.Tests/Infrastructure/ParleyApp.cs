using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// One running Parley per lane: SQLite always; PostgreSQL when <c>PARLEY_TEST_POSTGRES</c> names a server; Redis (cache and
/// SignalR backplane) when <c>PARLEY_TEST_REDIS</c> does. Tests isolate themselves by registering their own workspaces.
/// </summary>
public sealed class ParleyApp : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;

    public ParleyApp(string lane, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        Lane = lane;
        Directory.CreateDirectory(_directory);
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Jobs:SchedulerName"] = "parley-test-" + Guid.NewGuid().ToString("N")[..8],
            ["RateLimits:AuthPermitsPerMinute"] = "100000",
            ["RateLimits:ApiPermitsPerMinute"] = "100000",
            ["RateLimits:PublicPermitsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        switch (lane)
        {
            case Lanes.Postgres:
                _settings["Database:Provider"] = "postgres";
                _settings["ConnectionStrings:Parley"] = Lanes.PostgresConnection;
                break;
            case Lanes.Redis:
                _settings["ConnectionStrings:Parley"] = $"Data Source={Path.Combine(_directory, "parley.db")}";
                _settings["Redis:Configuration"] = Lanes.RedisConnection;
                break;
            default:
                _settings["ConnectionStrings:Parley"] = $"Data Source={Path.Combine(_directory, "parley.db")}";
                break;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>Also replaces services (a fake clock, fake connectors); registrations made here win over the app's own.</summary>
    public ParleyApp(string lane, IReadOnlyDictionary<string, string?>? overrides, Action<IServiceCollection> configureServices)
        : this(lane, overrides)
    {
        _configureServices = configureServices;
    }

    private readonly Action<IServiceCollection>? _configureServices;

    public string Lane { get; }

    /// <summary>More host set-up for this app only, after the application's own (test doubles via <c>ConfigureTestServices</c>).</summary>
    public Action<IWebHostBuilder>? ConfigureHost { get; init; }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, FaultEndpointStartupFilter>());
        ConfigureHost?.Invoke(builder);
        builder.ConfigureServices(services => _configureServices?.Invoke(services));
    }

    /// <summary>Registers a new account with its own workspace and returns a client authenticated as its owner.</summary>
    public async Task<Tenant> RegisterAsync(string? workspaceName = null)
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        using var anonymous = CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/register",
            new { email, password = Tenant.Password, workspace_name = workspaceName ?? "Salon " + Guid.NewGuid().ToString("N")[..6] });
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return new Tenant(this, email, body["workspace"]!["id"]!.GetValue<string>(), body["workspace"]!["slug"]!.GetValue<string>(),
            body["user"]!["id"]!.GetValue<string>(), body["access_token"]!.GetValue<string>(), body["refresh_token"]!.GetValue<string>());
    }

    public HttpClient ClientWithToken(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public HttpClient ClientWithApiKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the system.
        }
    }
}

/// <summary>A registered workspace and its owner.</summary>
public sealed record Tenant(ParleyApp App, string Email, string WorkspaceId, string Slug, string UserId, string AccessToken, string RefreshToken)
{
    public const string Password = "correct-horse-battery";

    public HttpClient Client() => App.ClientWithToken(AccessToken);

    /// <summary>Invites a person with the role, accepts the invitation, and returns a client logged in as them.</summary>
    public async Task<(HttpClient Client, string MemberEmail)> AddMemberAsync(string role)
    {
        using var owner = Client();
        var email = $"{role}-{Guid.NewGuid():N}@example.com";
        var invitation = await Json.ReadAsync(await owner.PostAsJsonAsync("/api/v1/members/invitations", new { email, role }));
        using var anonymous = App.CreateClient();
        var tokens = await Json.ReadAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/accept-invitation",
            new { token = invitation["token"]!.GetValue<string>(), password = Password }));
        return (App.ClientWithToken(tokens["access_token"]!.GetValue<string>()), email);
    }

    public async Task<string> CreateApiKeyAsync(params string[] scopes)
    {
        using var owner = Client();
        var created = await Json.ReadAsync(await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "test key", scopes }));
        return created["key"]!.GetValue<string>();
    }
}

public static class Json
{
    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new JsonException("Empty body");
    }

    public static async Task<JsonArray> ReadArrayAsync(HttpResponseMessage response) => (await ReadAsync(response)).AsArray();

    public static HttpContent Raw(string json) => new StringContent(json, System.Text.Encoding.UTF8, "application/json");
}
