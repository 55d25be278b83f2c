using System.Diagnostics;
using System.Net;

namespace Parley.Bench;

internal sealed record LoadResult(
    string Name,
    long Requests,
    long Non200,
    long Errors,
    IReadOnlyDictionary<int, long> StatusCounts,
    double Seconds,
    double P50Micros,
    double P99Micros,
    double ClientCpuCores,
    double? ServerCpuCores)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// What the load client sends: a method, one or more URIs (worker <c>i</c> always uses <c>Uris[i % Count]</c>, so
/// e.g. each worker can keep to its own LLM session), an optional body sent with every request, and headers.
/// </summary>
internal sealed record LoadTarget(string Name, IReadOnlyList<Uri> Uris)
{
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    public byte[]? Body { get; init; }

    /// <summary>One body per worker (worker <c>i</c> sends <c>Bodies[i % Count]</c>), e.g. each with its own chat session; overrides <see cref="Body"/>.</summary>
    public IReadOnlyList<byte[]>? Bodies { get; init; }

    public string ContentType { get; init; } = "application/json";

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static LoadTarget Get(string name, Uri uri, IReadOnlyDictionary<string, string>? headers = null) =>
        new(name, [uri]) { Headers = headers ?? new Dictionary<string, string>() };

    public static LoadTarget PostJson(string name, IReadOnlyList<Uri> uris, string json, IReadOnlyDictionary<string, string> headers) =>
        new(name, uris) { Method = HttpMethod.Post, Body = System.Text.Encoding.UTF8.GetBytes(json), Headers = headers };

    public HttpRequestMessage CreateRequest(int worker)
    {
        var request = new HttpRequestMessage(Method, Uris[worker % Uris.Count]);
        if ((Bodies is { Count: > 0 } ? Bodies[worker % Bodies.Count] : Body) is { } body)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType) { CharSet = "utf-8" };
        }

        return request;
    }
}

/// <summary>
/// Closed-loop HTTP/1.1 load: <c>connections</c> workers, each with one request in flight at a time, over one
/// <see cref="SocketsHttpHandler"/> allowing that many connections. Warm-up first, then a measured window;
/// only requests completed inside the window count.
/// </summary>
internal static class LoadGenerator
{
    public static Task<LoadResult> RunAsync(LoadTarget target, BenchOptions options, int? serverPid) =>
        RunAsync(target, options.Connections, options, serverPid);

    public static async Task<LoadResult> RunAsync(LoadTarget target, int connections, BenchOptions options, int? serverPid)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (header, value) in target.Headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        }

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(options.Warmup);
        var measureTo = measureFrom + Ticks(options.Duration);

        var workers = new Task<Worker>[connections];
        for (var i = 0; i < workers.Length; i++)
        {
            var index = i;
            workers[i] = Task.Run(() => RunWorkerAsync(client, target, index, measureFrom, measureTo));
        }

        // CPU of both sides over the measured window only.
        var self = Process.GetCurrentProcess();
        await DelayUntil(measureFrom);
        self.Refresh();
        var clientCpu0 = self.TotalProcessorTime;
        var serverCpu0 = serverPid is { } p0 ? ProcFs.CpuTime(p0) : null;
        await DelayUntil(measureTo);
        self.Refresh();
        var clientCpu1 = self.TotalProcessorTime;
        var serverCpu1 = serverPid is { } p1 ? ProcFs.CpuTime(p1) : null;

        var done = await Task.WhenAll(workers);
        var histogram = new LatencyHistogram();
        var statuses = new SortedDictionary<int, long>();
        long non200 = 0, errors = 0;
        foreach (var w in done)
        {
            histogram.Add(w.Histogram);
            non200 += w.Non200;
            errors += w.Errors;
            foreach (var (code, count) in w.Statuses)
            {
                statuses[code] = statuses.GetValueOrDefault(code) + count;
            }
        }

        var seconds = options.Duration.TotalSeconds;
        return new LoadResult(target.Name, histogram.Count, non200, errors, statuses, seconds,
            histogram.Percentile(0.50), histogram.Percentile(0.99),
            (clientCpu1 - clientCpu0).TotalSeconds / seconds,
            serverCpu0 is { } s0 && serverCpu1 is { } s1 ? (s1 - s0).TotalSeconds / seconds : null);
    }

    private static async Task<Worker> RunWorkerAsync(HttpClient client, LoadTarget target, int index, long measureFrom, long measureTo)
    {
        var worker = new Worker();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (t0 >= measureTo)
            {
                break;
            }

            var status = 0;
            try
            {
                using var request = target.CreateRequest(index);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await using (var body = await response.Content.ReadAsStreamAsync())
                {
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }
                }

                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                status = -1;
            }

            var t1 = Stopwatch.GetTimestamp();
            if (t1 < measureFrom || t1 > measureTo)
            {
                continue;
            }

            if (status == 200)
            {
                worker.Histogram.Record((t1 - t0) * 1_000_000 / Stopwatch.Frequency);
            }
            else if (status < 0)
            {
                worker.Errors++;
            }
            else
            {
                worker.Non200++;
                worker.Statuses[status] = worker.Statuses.GetValueOrDefault(status) + 1;
            }
        }

        return worker;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static async Task DelayUntil(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }

    private sealed class Worker
    {
        public LatencyHistogram Histogram { get; } = new();
        public Dictionary<int, long> Statuses { get; } = [];
        public long Non200 { get; set; }
        public long Errors { get; set; }
    }
}
