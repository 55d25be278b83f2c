namespace Parley.Bench;

/// <summary>The ceiling: the smallest ASP.NET Core minimal-API JSON endpoint, hosted in this process on loopback.</summary>
internal sealed class CeilingServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private CeilingServer(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <param name="contentRoot">
    /// An empty directory: the bench references src/Parley (for the engine), so Parley's appsettings*.json are copied
    /// next to the bench binary and must not configure the ceiling.
    /// </param>
    public static async Task<CeilingServer> StartAsync(string contentRoot)
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = contentRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/", () => new { ok = true });
        await app.StartAsync();
        return new CeilingServer(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>
    /// The cold-start reference: the same bare app answering <c>/health/ready</c>, run in a process of its own until SIGTERM.
    /// The bench binary is plain JIT (not ReadyToRun), but the framework it runs on is precompiled as for Parley.
    /// </summary>
    public static async Task ServeReferenceAsync(int port)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/health/ready", () => new { ok = true });
        await app.RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal static class Ports
{
    public static int Free()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
