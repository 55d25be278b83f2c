using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Parley.Bench;

/// <summary>
/// Parley as a separate process, started the way a user starts a published build:
/// <c>dotnet Parley.dll --urls http://127.0.0.1:PORT</c>, working directory = the publish folder.
/// </summary>
internal sealed partial class ParleyServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly Queue<string> output = new();
    private readonly HttpClient probe;

    private ParleyServer(Process process, Uri url, long startedAt)
    {
        this.process = process;
        Url = url;
        StartedAt = startedAt;
        probe = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri Url { get; }

    public int Pid => process.Id;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> taken just before the process was started.</summary>
    public long StartedAt { get; }

    public HttpClient Client => probe;

    /// <summary>The owner's bearer access token, set by <see cref="SeedAsync"/>.</summary>
    public string? AccessToken { get; private set; }

    /// <summary>The seeded workspace's public slug (the chat widget's address), set by <see cref="SeedAsync"/>.</summary>
    public string? Slug { get; private set; }

    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                return string.Join(Environment.NewLine, output);
            }
        }
    }

    public static ParleyServer Start(BenchOptions options, string databaseDirectory, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var port = Ports.Free();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(options.ParleyDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(options.ParleyDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ConnectionStrings__Parley"] = $"Data Source={Path.Combine(databaseDirectory, "bench.db")}";
        info.Environment["RateLimits__ApiPermitsPerMinute"] = options.ApiPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["RateLimits__AuthPermitsPerMinute"] = "100000";
        // The chat benchmarks send everything from 127.0.0.1, which the public per-IP limit would otherwise stop at 60/min.
        info.Environment["RateLimits__PublicPermitsPerMinute"] = "1000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // A user's shell would not carry these; make sure the bench's own settings do not leak in.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in options.ParleyEnvironment)
        {
            info.Environment[key] = value;
        }

        if (extraEnvironment is not null)
        {
            foreach (var (key, value) in extraEnvironment)
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var startedAt = Stopwatch.GetTimestamp();
        process.Start();
        var server = new ParleyServer(process, url, startedAt);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The bench binary as a bare ASP.NET Core app (<c>--serve-reference</c>), started like Parley; for the cold-start ratio.</summary>
    public static ParleyServer StartReference(string workingDirectory)
    {
        var port = Ports.Free();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(ParleyServer).Assembly.Location);
        info.ArgumentList.Add("--serve-reference");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var startedAt = Stopwatch.GetTimestamp();
        process.Start();
        var server = new ParleyServer(process, new Uri($"http://127.0.0.1:{port}/"), startedAt);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200; returns the time since the process was started.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan timeout)
    {
        using var poller = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        var ready = new Uri(Url, "health/ready");
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Parley exited with code {process.ExitCode} before it was ready.{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                using var response = await poller.GetAsync(ready);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(StartedAt);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (Stopwatch.GetElapsedTime(StartedAt) > timeout)
            {
                throw new TimeoutException($"Parley was not ready within {timeout.TotalSeconds} s.{Environment.NewLine}{RecentOutput}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Registers an account, creates <paramref name="keys"/> admin API keys; returns the first key.</summary>
    public async Task<string> SeedAsync(int keys)
    {
        var email = $"bench-{Guid.NewGuid():N}@example.test";
        using var register = await probe.PostAsJsonAsync("api/v1/auth/register",
            new { email, password = "bench-password-123", workspace_name = "Bench" });
        var registered = await ReadJsonAsync(register, HttpStatusCode.Created, "register");
        var accessToken = registered["access_token"]?.GetValue<string>()
            ?? throw new InvalidOperationException("register: no access_token in the response.");
        AccessToken = accessToken;
        Slug = registered["workspace"]?["slug"]?.GetValue<string>();

        string? first = null;
        for (var i = 0; i < keys; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/api-keys")
            {
                Content = JsonContent.Create(new { name = $"bench-key-{i:00}", scopes = new[] { "read", "write", "admin" } }),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
            using var created = await probe.SendAsync(request);
            var key = (await ReadJsonAsync(created, HttpStatusCode.Created, "create API key"))["key"]?.GetValue<string>()
                ?? throw new InvalidOperationException("create API key: no key in the response.");
            first ??= key;
        }

        return first ?? throw new InvalidOperationException("At least one API key is needed.");
    }

    public long? RssKb => ProcFs.StatusKb(process.Id, "VmRSS");

    /// <summary>Asks Parley to stop (SIGTERM, as systemd or docker would) and waits; kills it if it hangs.</summary>
    public async ValueTask DisposeAsync()
    {
        probe.Dispose();
        if (!process.HasExited)
        {
            _ = Kill(process.Id, 15);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }

    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body) ?? throw new InvalidOperationException($"{what}: empty body.");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            while (output.Count > 200)
            {
                output.Dequeue();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
