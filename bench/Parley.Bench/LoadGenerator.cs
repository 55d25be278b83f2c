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
/// Closed-loop HTTP/1.1 load: <c>connections</c> workers, each with one request in flight at a time, over one
/// <see cref="SocketsHttpHandler"/> allowing that many connections. Warm-up first, then a measured window;
/// only requests completed inside the window count.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        string name, Uri uri, IReadOnlyDictionary<string, string> headers, BenchOptions options, int? serverPid)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (header, value) in headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        }

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(options.Warmup);
        var measureTo = measureFrom + Ticks(options.Duration);

        var workers = new Task<Worker>[options.Connections];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => RunWorkerAsync(client, uri, measureFrom, measureTo));
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
        return new LoadResult(name, histogram.Count, non200, errors, statuses, seconds,
            histogram.Percentile(0.50), histogram.Percentile(0.99),
            (clientCpu1 - clientCpu0).TotalSeconds / seconds,
            serverCpu0 is { } s0 && serverCpu1 is { } s1 ? (s1 - s0).TotalSeconds / seconds : null);
    }

    private static async Task<Worker> RunWorkerAsync(HttpClient client, Uri uri, long measureFrom, long measureTo)
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
                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
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
