using System.Diagnostics;
using System.Globalization;
using System.Text;
using Parley.Bench;

// The cold-start reference: this binary as a bare ASP.NET Core app in a process of its own (see ParleyServer.StartReference).
if (args is ["--serve-reference", var referencePort])
{
    await CeilingServer.ServeReferenceAsync(int.Parse(referencePort, CultureInfo.InvariantCulture));
    return 0;
}

// The search part's own process, started by SearchBench.RunInParleyRuntimeAsync with Parley's runtime configuration.
if (args is ["--search-child", var resultFile, .. var childArgs])
{
    await SearchBench.RunChildAsync(BenchOptions.Parse(childArgs), resultFile);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + BenchOptions.Usage);
    return 2;
}

var work = Directory.CreateTempSubdirectory("parley-bench-");
try
{
    var results = await Bench.RunAsync(options, work.FullName);
    var report = Bench.Format(options, results);
    Console.WriteLine();
    Console.WriteLine(report);
    if (options.OutFile is { } file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine($"(report written to {file})");
    }

    return 0;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
{
    await Console.Error.WriteLineAsync("Benchmark failed: " + e.Message);
    return 1;
}
finally
{
    try
    {
        work.Delete(recursive: true);
    }
    catch (IOException)
    {
    }
}

namespace Parley.Bench
{
    internal sealed record Results
    {
        public LoadResult? Ceiling { get; set; }
        public LoadResult? Live { get; set; }
        public LoadResult? List { get; set; }
        public EngineResults? Engine { get; set; }
        public PosterResults? Posters { get; set; }
        public SearchResults? Search { get; set; }
        public AskResults? Ask { get; set; }
        public ChatResults? Chat { get; set; }
        public ConnectionResults? Connections { get; set; }
        public IReadOnlyList<ReviewsResults>? Reviews { get; set; }
        public AutoReplyResults? AutoReply { get; set; }
        public AnswerResults? Answer { get; set; }
        public List<TimeSpan> ColdFresh { get; } = [];
        public List<TimeSpan> ColdMigrated { get; } = [];
        public List<TimeSpan> ColdReference { get; } = [];
        public long? IdleRssKb { get; set; }
        public long? IdleRssAfterGcKb { get; set; }
        public string IdleBreakdown { get; set; } = "";
        public string IdleMappedFiles { get; set; } = "";
        public bool GcInduced { get; set; }
        public string Gen2Collections { get; set; } = "?";
        public long? RssAfterLoadKb { get; set; }
        public long? PeakRssKb { get; set; }
        public string ListTotal { get; set; } = "?";
        public string DotnetVersion { get; set; } = "?";
        public string RuntimeVersion { get; set; } = "?";
        public string LoadAverageBefore { get; set; } = "?";
        public List<string> LoadAverageAfter { get; } = [];
    }

    internal static class Bench
    {
        public const double ColdStartTargetSeconds = 2.0;
        public const double IdleRssTargetMb = 150;

        public static async Task<Results> RunAsync(BenchOptions o, string work)
        {
            var r = new Results { DotnetVersion = await DotnetVersionAsync(), RuntimeVersion = Environment.Version.ToString(), LoadAverageBefore = LoadAverage() };

            // 0. The built-in engine in this process, while nothing else of the bench runs.
            if (o.Runs("engine"))
            {
                r.Engine = EngineBench.Run(o, Progress);
                r.LoadAverageAfter.Add($"engine {LoadAverage()}");
            }

            if (o.Runs("poster"))
            {
                r.Posters = PosterBench.Run(Progress);
                r.LoadAverageAfter.Add($"poster {LoadAverage()}");
            }

            // 0b. Search engines over a generated corpus, in this process and a Whoosh process.
            if (o.Runs("search"))
            {
                r.Search = await SearchBench.RunInParleyRuntimeAsync(o, work, Progress);
                r.LoadAverageAfter.Add($"search {LoadAverage()}");
            }

            if (o.Runs("autoreply"))
            {
                r.AutoReply = await AutoReplyBench.RunAsync(o, Progress, work);
                r.LoadAverageAfter.Add($"autoreply {LoadAverage()}");
            }

            if (o.Runs("answer"))
            {
                r.Answer = AnswerBench.Run(o, Progress);
                r.LoadAverageAfter.Add($"answer {LoadAverage()}");
            }

            // 1. Ceiling, in this process, before Parley runs (the load and ask ratios need it).
            if (o.Runs("load") || o.Runs("ask") || o.Runs("chat"))
            {
                Progress($"ceiling: bare minimal API in-process, {o.Connections} connections, {o.Warmup.TotalSeconds:0} s warm-up + {o.Duration.TotalSeconds:0} s");
                var contentRoot = Directory.CreateDirectory(Path.Combine(work, "ceiling")).FullName;
                await using var ceiling = await CeilingServer.StartAsync(contentRoot);
                r.Ceiling = await LoadGenerator.RunAsync(LoadTarget.Get("Ceiling: bare minimal API (in-process)", ceiling.Url), o, null);
                Progress(Line(r.Ceiling));
                r.LoadAverageAfter.Add($"ceiling {LoadAverage()}");
            }

            // 1b. Reviews over a million stored rows: its own Parley processes and its own ceiling.
            if (o.Runs("reviews"))
            {
                r.Reviews = await ReviewsBench.RunAsync(o, work, Progress);
                r.LoadAverageAfter.Add($"reviews {LoadAverage()}");
            }

            if (!o.Runs("cold") && !o.Runs("memory") && !o.Runs("load") && !o.Runs("ask") && !o.Runs("chat") && !o.Runs("connections"))
            {
                return r;
            }

            // 2. Cold starts: fresh database (includes migrations), then the already-migrated one.
            var mainDb = Path.Combine(work, "main");
            if (o.Runs("cold"))
            {
                var last = "";
                for (var i = 0; i < o.ColdRuns; i++)
                {
                    last = Path.Combine(work, $"fresh-{i}");
                    Directory.CreateDirectory(last);
                    r.ColdFresh.Add(await ColdStartAsync(o, last));
                    Progress($"cold start, fresh database #{i + 1}: {r.ColdFresh[^1].TotalMilliseconds:0} ms");
                }

                for (var i = 0; i < o.ColdRuns; i++)
                {
                    r.ColdMigrated.Add(await ColdStartAsync(o, last));
                    Progress($"cold start, migrated database #{i + 1}: {r.ColdMigrated[^1].TotalMilliseconds:0} ms");
                    // Interleaved with Parley's runs, so both see the same machine load.
                    await using var reference = ParleyServer.StartReference(Directory.CreateDirectory(Path.Combine(work, "reference")).FullName);
                    r.ColdReference.Add(await reference.WaitReadyAsync(TimeSpan.FromSeconds(60)));
                    Progress($"cold start, bare ASP.NET Core reference #{i + 1}: {r.ColdReference[^1].TotalMilliseconds:0} ms");
                }
            }

            // 2b. Idle widget connections, on a Parley instance of their own (its RSS is the measure).
            if (o.Runs("connections"))
            {
                Progress($"connections: {o.IdleConnections} idle widget WebSockets on /hubs/chat");
                r.Connections = await ConnectionsBench.RunAsync(o, work, Progress);
                r.LoadAverageAfter.Add($"connections {LoadAverage()}");
            }

            if (!o.Runs("memory") && !o.Runs("load") && !o.Runs("ask") && !o.Runs("chat"))
            {
                return r;
            }

            // 3. One Parley instance for RSS and load.
            Directory.CreateDirectory(mainDb);
            await using var parley = ParleyServer.Start(o, mainDb);
            await parley.WaitReadyAsync(TimeSpan.FromSeconds(60));
            var apiKey = await parley.SeedAsync(o.Keys);
            using (var check = new HttpRequestMessage(HttpMethod.Get, "api/v1/api-keys"))
            {
                check.Headers.Add("X-API-Key", apiKey);
                using var response = await parley.Client.SendAsync(check);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"GET /api/v1/api-keys with the API key answered {(int)response.StatusCode}.");
                }

                r.ListTotal = response.Headers.TryGetValues("X-Total-Count", out var total) ? string.Join(",", total) : "?";
            }

            for (var i = 0; i < 5; i++)
            {
                (await parley.Client.GetAsync("health/live")).Dispose();
                (await parley.Client.GetAsync("health/ready")).Dispose();
            }

            if (o.Runs("memory"))
            {
                Progress($"seeded {o.Keys} API keys (X-Total-Count {r.ListTotal}); idle {o.Idle.TotalSeconds:0} s before reading RSS");
                await Task.Delay(o.Idle);
                r.IdleRssKb = parley.RssKb;
                r.IdleBreakdown = await BreakdownAsync(parley);
                r.IdleMappedFiles = MappedFiles(parley.Pid);
                var gen2Before = await Gen2CollectionsAsync(parley);
                r.GcInduced = await GcTrigger.TryInduceAsync(parley.Pid);
                await Task.Delay(TimeSpan.FromSeconds(1));
                r.Gen2Collections = $"{gen2Before} -> {await Gen2CollectionsAsync(parley)}";
                r.IdleRssAfterGcKb = parley.RssKb;
                Progress($"idle RSS {Mb(r.IdleRssKb)}; after {(r.GcInduced ? "an induced full GC" : "no GC (could not induce one)")} {Mb(r.IdleRssAfterGcKb)}");
            }

            if (o.Runs("load"))
            {
                Progress($"Parley /health/live, {o.Connections} connections");
                r.Live = await LoadGenerator.RunAsync(LoadTarget.Get("Parley GET /health/live", new Uri(parley.Url, "health/live")), o, parley.Pid);
                Progress(Line(r.Live));
                Progress($"Parley GET /api/v1/api-keys (X-API-Key), {o.Connections} connections");
                r.List = await LoadGenerator.RunAsync(LoadTarget.Get($"Parley GET /api/v1/api-keys ({r.ListTotal} keys, X-API-Key)",
                    new Uri(parley.Url, "api/v1/api-keys"), new Dictionary<string, string> { ["X-API-Key"] = apiKey }), o, parley.Pid);
                Progress(Line(r.List));
                r.LoadAverageAfter.Add($"load {LoadAverage()}");
            }

            if (o.Runs("ask"))
            {
                r.Ask = await AskBench.RunAsync(parley, o, Progress);
                Progress(Line(r.Ask.Load));
                r.LoadAverageAfter.Add($"ask {LoadAverage()}");
            }

            if (o.Runs("chat"))
            {
                r.Chat = await ChatBench.RunAsync(parley, o, Progress);
                Progress(Line(r.Chat.Load));
                r.LoadAverageAfter.Add($"chat {LoadAverage()}");
            }

            if (o.Runs("load") || o.Runs("ask") || o.Runs("chat"))
            {
                r.RssAfterLoadKb = parley.RssKb;
                r.PeakRssKb = ProcFs.StatusKb(parley.Pid, "VmHWM");
            }

            return r;
        }

        public static string Format(BenchOptions o, Results r)
        {
            var s = new StringBuilder();
            s.AppendLine("== Parley benchmark ==");
            s.AppendLine();
            if (r.Engine is not null)
            {
                EngineBench.Format(s, r.Engine, o);
            }

            if (r.Posters is not null)
            {
                PosterBench.Format(s, r.Posters);
            }

            if (r.Search is not null)
            {
                SearchBench.Format(s, r.Search);
            }

            if (r.Reviews is not null)
            {
                ReviewsBench.Format(s, r.Reviews, o);
            }

            if (r.AutoReply is not null)
            {
                AutoReplyBench.Format(s, r.AutoReply, o);
            }

            if (r.Answer is not null)
            {
                AnswerBench.Format(s, r.Answer);
            }

            if (r.Ceiling is not null)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"Throughput ({o.Connections} connections, HTTP/1.1 keep-alive, {o.Warmup.TotalSeconds:0} s warm-up + {o.Duration.TotalSeconds:0} s measured per target)");
                s.AppendLine(CultureInfo.InvariantCulture, $"  {"target",-52} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"vs ceiling",10} {"errors",7}  cpu client/server");
                foreach (var x in new[] { r.Ceiling, r.Live, r.List, r.Ask?.Load, r.Chat?.Load })
                {
                    if (x is null)
                    {
                        continue;
                    }

                    var ratio = x.RequestsPerSecond / r.Ceiling.RequestsPerSecond;
                    var cpu = x.ServerCpuCores is { } server
                        ? $"{x.ClientCpuCores:0.00} / {server:0.00} cores"
                        : $"{x.ClientCpuCores:0.00} cores (same process)";
                    s.AppendLine(CultureInfo.InvariantCulture,
                        $"  {x.Name,-52} {x.RequestsPerSecond,9:0} {x.P50Micros / 1000,8:0.00} {x.P99Micros / 1000,8:0.00} {ratio,10:P0} {x.Non200 + x.Errors,7}  {cpu}");
                    if (x.Non200 + x.Errors > 0)
                    {
                        s.AppendLine(CultureInfo.InvariantCulture,
                            $"    non-200: {string.Join(", ", x.StatusCounts.Select(kv => $"{kv.Key}×{kv.Value}"))}; transport errors: {x.Errors}");
                    }
                }

                if (r.Ask is not null)
                {
                    AskBench.FormatNotes(s, r.Ask, o);
                }

                if (r.Chat is not null)
                {
                    ChatBench.FormatNotes(s, r.Chat);
                }

                s.AppendLine(CultureInfo.InvariantCulture, $"  NOTE: {Environment.ProcessorCount} cores; the load client runs on the same machine and takes CPU from the server, so these are lower bounds and the ratios matter more than the absolute numbers.");
                s.AppendLine();
            }

            s.AppendLine("Targets");
            if (r.ColdFresh.Count > 0)
            {
                Target(s, $"Cold start, fresh database (median of {r.ColdFresh.Count})", Median(r.ColdFresh), r.ColdFresh);
                Target(s, $"Cold start, migrated database (median of {r.ColdMigrated.Count})", Median(r.ColdMigrated), r.ColdMigrated);
                if (r.ColdReference.Count > 0)
                {
                    var reference = Median(r.ColdReference);
                    s.AppendLine(CultureInfo.InvariantCulture,
                        $"  {"  reference: bare ASP.NET Core app, same runs",-52} {reference.TotalSeconds,8:0.00} s   migrated Parley = {Median(r.ColdMigrated) / reference:0.00}x the reference   (runs: {string.Join(", ", r.ColdReference.Select(t => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} s)");
                }
            }

            if (r.Engine is not null)
            {
                EngineBench.FormatTargets(s, r.Engine);
            }

            if (r.Search is not null)
            {
                SearchBench.FormatTargets(s, r.Search);
            }

            if (r.Chat is not null && r.Ceiling is not null)
            {
                ChatBench.FormatTargets(s, r.Chat, r.Ceiling);
            }

            if (r.Connections is not null)
            {
                ConnectionsBench.Format(s, r.Connections, o);
            }

            if (r.AutoReply is not null)
            {
                AutoReplyBench.FormatTargets(s, r.AutoReply);
            }

            if (r.IdleRssKb is not null)
            {
                var idleMb = r.IdleRssKb / 1024.0;
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"  {"Idle RSS (start + seed + " + o.Idle.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s idle)",-52} {Mb(r.IdleRssKb),10}   target <= {IdleRssTargetMb:0} MB   {(idleMb <= IdleRssTargetMb ? "PASS" : "MISS")}");
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"  {"  … after " + (r.GcInduced ? "an induced full GC (EventPipe GCHeapCollect)" : "(could not induce a GC)"),-52} {Mb(r.IdleRssAfterGcKb),10}   (gen2 GCs {r.Gen2Collections}; the EventPipe session itself costs a few MB)");
                if (r.IdleBreakdown.Length > 0)
                {
                    s.AppendLine(CultureInfo.InvariantCulture, $"    idle breakdown: {r.IdleBreakdown}");
                }

                if (r.IdleMappedFiles.Length > 0)
                {
                    s.Append(r.IdleMappedFiles);
                }
            }

            if (r.RssAfterLoadKb is not null)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"  {"  (after the load runs: RSS / peak RSS)",-52} {Mb(r.RssAfterLoadKb),10} / {Mb(r.PeakRssKb)}");
            }

            s.AppendLine();
            s.AppendLine("How");
            s.AppendLine(CultureInfo.InvariantCulture, $"  machine      {Environment.ProcessorCount} cores (nproc), {MemTotal()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            s.AppendLine(CultureInfo.InvariantCulture, $"  load avg     {r.LoadAverageBefore} at the start (1/5/15 min), {LoadAverage()} at the end; anything else running skews the figures");
            if (r.LoadAverageAfter.Count > 0)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"               right after each part: {string.Join("; ", r.LoadAverageAfter)}");
            }

            s.AppendLine(CultureInfo.InvariantCulture, $"  dotnet       SDK {r.DotnetVersion}, runtime {r.RuntimeVersion}; bench and Parley built Release (Parley: dotnet publish -c Release -r linux-x64 -p:PublishReadyToRun=true, framework-dependent)");
            if (r.Ceiling is not null)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"  ceiling      app.MapGet(\"/\", () => new {{ ok = true }}) on Kestrel in the bench process, 127.0.0.1");
            }

            if (!o.NeedsParley)
            {
                return s.ToString();
            }

            s.AppendLine(CultureInfo.InvariantCulture, $"  Parley       separate process: dotnet {o.ParleyDll} --urls http://127.0.0.1:<port> (cwd = publish dir),");
            var extra = o.ParleyEnvironment.Count > 0 ? ", " + string.Join(", ", o.ParleyEnvironment.Select(kv => $"{kv.Key}={kv.Value}")) : "";
            s.AppendLine(CultureInfo.InvariantCulture, $"               SQLite in a temp dir, RateLimits__ApiPermitsPerMinute={o.ApiPermitsPerMinute}, Logging__LogLevel__Default=Warning{extra}");
            s.AppendLine(CultureInfo.InvariantCulture, $"  load         C# HttpClient (SocketsHttpHandler), {o.Connections} connections, closed loop, {o.Warmup.TotalSeconds:0} s warm-up + {o.Duration.TotalSeconds:0} s per target; only 200s count");
            s.AppendLine(CultureInfo.InvariantCulture, $"  list         GET /api/v1/api-keys with X-API-Key (admin key), {r.ListTotal} active keys in the workspace");
            s.AppendLine(CultureInfo.InvariantCulture, $"  cold start   process start -> first 200 from /health/ready (polled every 5 ms), fresh DB x{o.ColdRuns}, migrated DB x{o.ColdRuns}");
            s.AppendLine("               reference: dotnet Parley.Bench.dll --serve-reference PORT (WebApplication.CreateBuilder, one GET endpoint, no logging),");
            s.AppendLine("               started after each migrated run the same way");
            s.AppendLine(CultureInfo.InvariantCulture, $"  RSS          VmRSS from /proc/<pid>/status");
            return s.ToString();
        }

        private static async Task<string> Gen2CollectionsAsync(ParleyServer parley)
        {
            try
            {
                var line = (await parley.Client.GetStringAsync("metrics")).Split('\n')
                    .FirstOrDefault(l => l.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal) && l.Contains("\"gen2\"", StringComparison.Ordinal));
                return line is null ? "?" : line[(line.LastIndexOf(' ') + 1)..].Trim();
            }
            catch (HttpRequestException)
            {
                return "?";
            }
        }

        /// <summary>Where the idle RSS goes: /proc status split plus GC and JIT figures from Parley's own /metrics.</summary>
        private static async Task<string> BreakdownAsync(ParleyServer parley)
        {
            var parts = new List<string>();
            foreach (var field in new[] { "RssAnon", "RssFile", "RssShmem" })
            {
                if (ProcFs.StatusKb(parley.Pid, field) is { } kb)
                {
                    parts.Add($"{field} {Mb(kb)}");
                }
            }

            try
            {
                var metrics = await parley.Client.GetStringAsync("metrics");
                double? Metric(string name) => metrics.Split('\n')
                    .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is '{' or ' '))
                    .Select(l => double.TryParse(l[(l.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null)
                    .FirstOrDefault(v => v is not null);
                if (Metric("dotnet_gc_last_collection_memory_committed_size_bytes") is { } committed)
                {
                    parts.Add($"GC committed {committed / 1048576:0.0} MB");
                }

                if (Metric("dotnet_jit_compiled_methods_total") is { } methods)
                {
                    parts.Add($"JIT-compiled methods {methods:0}");
                }

                if (Metric("dotnet_assembly_count") is { } assemblies)
                {
                    parts.Add($"assemblies {assemblies:0}");
                }
            }
            catch (HttpRequestException)
            {
            }

            return string.Join(", ", parts);
        }

        /// <summary>Mapped assemblies and native libraries at idle: count, resident total, and the largest by resident size.</summary>
        private static string MappedFiles(int pid)
        {
            var files = ProcFs.MappedFilesKb(pid);
            if (files.Count == 0)
            {
                return "";
            }

            var dlls = files.Where(f => f.Key.EndsWith(".dll", StringComparison.Ordinal)).ToList();
            var natives = files.Where(f => f.Key.Contains(".so", StringComparison.Ordinal)).ToList();
            var s = new StringBuilder();
            s.AppendLine(CultureInfo.InvariantCulture,
                $"    mapped files: {dlls.Count} assemblies {Mb(dlls.Sum(f => f.Value))} resident, {natives.Count} native libraries {Mb(natives.Sum(f => f.Value))}, all files {Mb(files.Values.Sum())}");
            s.Append("    largest resident (MB): ").AppendJoin(", ", files.OrderByDescending(f => f.Value).Take(25)
                .Select(f => FormattableString.Invariant($"{Path.GetFileName(f.Key)} {f.Value / 1024.0:0.0}"))).AppendLine();
            s.Append("    assemblies: ").AppendJoin(' ', dlls.Select(f => Path.GetFileNameWithoutExtension(f.Key)).Order(StringComparer.Ordinal)).AppendLine();
            return s.ToString();
        }

        private static void Target(StringBuilder s, string name, TimeSpan median, List<TimeSpan> all) =>
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {name,-52} {median.TotalSeconds,8:0.00} s   target <= {ColdStartTargetSeconds:0.0} s    {(median.TotalSeconds <= ColdStartTargetSeconds ? "PASS" : "MISS")}   (runs: {string.Join(", ", all.Select(t => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} s)");

        private static async Task<TimeSpan> ColdStartAsync(BenchOptions o, string databaseDirectory)
        {
            await using var server = ParleyServer.Start(o, databaseDirectory);
            return await server.WaitReadyAsync(TimeSpan.FromSeconds(60));
        }

        private static TimeSpan Median(List<TimeSpan> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        private static string Mb(long? kb) => kb is { } k ? (k / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB" : "n/a";

        private static string Line(LoadResult x) =>
            FormattableString.Invariant($"  {x.RequestsPerSecond:0} req/s, p50 {x.P50Micros / 1000:0.00} ms, p99 {x.P99Micros / 1000:0.00} ms, non-200 {x.Non200}, errors {x.Errors}");

        private static void Progress(string message) => Console.Error.WriteLine("[bench] " + message);

        private static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

        private static string MemTotal()
        {
            var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
            return line is null ? "memory ?" : $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024.0:0} GB RAM";
        }

        private static async Task<string> DotnetVersionAsync()
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
                var version = (await p.StandardOutput.ReadToEndAsync()).Trim();
                await p.WaitForExitAsync();
                return version;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return "?";
            }
        }
    }
}
