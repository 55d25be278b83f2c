using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.BrowserTests;

/// <summary>
/// A real Parley listening on a free loopback port (Kestrel, not the in-memory test server), so a browser can reach it.
/// Each instance has its own SQLite file and its own scheduler name.
/// </summary>
public sealed class ParleyServer : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-browser-tests", Guid.NewGuid().ToString("N"));

    public ParleyServer()
    {
        Directory.CreateDirectory(_directory);
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The password of the demo salon's people when a test seeds it (the same for every test, whichever seeds first).</summary>
    public const string DemoPassword = "demo-salon-browser-tests";

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                        ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
    }

    /// <summary>A plain HTTP client aimed at the running server (the same path a real API client takes).</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Production serves MudBlazor's and Blazor's scripts from the publish output's wwwroot; a test runs from the build
        // output, where they are static web assets described by Parley.staticwebassets.runtime.json (what Development does).
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Parley", $"Data Source={Path.Combine(_directory, "parley.db")}");
        builder.UseSetting("Database:Provider", "sqlite");
        builder.UseSetting("Redis:Configuration", "");
        builder.UseSetting("Jobs:SchedulerName", "parley-browser-" + Guid.NewGuid().ToString("N")[..8]);
        builder.UseSetting("RateLimits:AuthPermitsPerMinute", "1000");
        builder.UseSetting("RateLimits:ApiPermitsPerMinute", "1000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Demo:Password", DemoPassword);
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
            // SQLite may still hold the file for a moment; the system cleans the temp folder.
        }
    }
}
