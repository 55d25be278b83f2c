using System.Globalization;

namespace Parley.Bench;

internal sealed class BenchOptions
{
    public string ParleyDll { get; private set; } = Environment.GetEnvironmentVariable("PARLEY_DLL") ?? "";
    public int Connections { get; private set; } = 32;
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(3);
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);
    public int ColdRuns { get; private set; } = 3;
    public int Keys { get; private set; } = 20;
    public TimeSpan Idle { get; private set; } = TimeSpan.FromSeconds(5);

    /// <summary>Parley validates <c>RateLimits:ApiPermitsPerMinute</c> to at most 1,000,000.</summary>
    public int ApiPermitsPerMinute { get; private set; } = 1_000_000;

    /// <summary>Parts to run; empty = all. See <see cref="Parts"/>.</summary>
    public HashSet<string> Only { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static readonly string[] Parts = ["engine", "load", "cold", "memory", "ask", "poster", "search", "chat", "connections", "reviews", "autoreply", "answer"];

    /// <summary>Search part: corpus size, number of queries, and the time limit for each engine's query run.</summary>
    public int SearchDocuments { get; private set; } = 100_000;
    public int SearchQueries { get; private set; } = 2000;
    public double SearchSeconds { get; private set; } = 20;
    public bool SkipWhoosh { get; private set; }

    /// <summary>Due entries the auto-reply dispatch part sends.</summary>
    public int AutoReplyEntries { get; private set; } = 10_000;

    public string? RepoRoot { get; private set; }
    public TimeSpan EngineWarmup { get; private set; } = TimeSpan.FromSeconds(2);
    public TimeSpan EngineDuration { get; private set; } = TimeSpan.FromSeconds(5);
    public int AskConnections { get; private set; } = 8;
    public int AskSessions { get; private set; } = 8;
    public int ReviewsRows { get; private set; } = 1_000_000;
    public int ReviewsConnections { get; private set; } = 4;
    /// <summary>Which databases the reviews part runs on: sqlite, postgres (needs PARLEY_BENCH_POSTGRES) or both.</summary>
    public string ReviewsDatabases { get; private set; } = "both";

    /// <summary>Connections (one chat session each) of the chat round-trip run; 0 = the same as the ceiling's.</summary>
    public int ChatConnections { get => chatConnections > 0 ? chatConnections : Connections; private set => chatConnections = value; }
    public int IdleConnections { get; private set; } = 10_000;
    public int ConnectionSources { get; private set; } = 4;
    public TimeSpan ConnectionHold { get; private set; } = TimeSpan.FromSeconds(30);
    public int ConnectParallelism { get; private set; } = 64;
    private int chatConnections;

    public bool SkipLoad { get; private set; }
    public bool SkipCold { get; private set; }
    public string? OutFile { get; private set; }

    /// <summary>Extra environment for the Parley process (experiments: DOTNET_TieredPGO=0, DOTNET_gcServer=0, …).</summary>
    public Dictionary<string, string> ParleyEnvironment { get; } = [];

    public const string Usage = """
        Parley.Bench --parley <path>/Parley.dll [options]
          --connections N     concurrent connections of the load client (32)
          --warmup S          warm-up seconds per target (3)
          --duration S        measured seconds per target (10)
          --cold-runs N       cold starts per case, the median is reported (3)
          --keys N            API keys seeded into the workspace (20)
          --idle S            idle seconds before reading RSS (5)
          --api-permits N     RateLimits__ApiPermitsPerMinute for Parley (1000000, Parley's maximum)
          --env KEY=VALUE     extra environment for the Parley process (repeatable)
          --only PART[,PART]  run only these parts (repeatable): engine (in-process built-in engine throughput),
                              load (ceiling + Parley GET targets), cold (cold starts), memory (idle RSS),
                              ask (ceiling + POST /api/v1/llm/sessions/{id}/ask),
                              poster (in-process PNG/PDF/SVG poster rendering), search (Lucene.NET vs SQLite FTS5 vs Whoosh),
                              chat (ceiling + POST /api/v1/public/{slug}/chat/messages),
                              connections (idle widget WebSockets and RSS), reviews (GET /api/v1/reviews and
                              /api/v1/stats over 1M stored reviews; PostgreSQL too with PARLEY_BENCH_POSTGRES),
                              autoreply (in-process evaluator and dispatcher); default: all
          --repo DIR          repository root, for the engine's input texts (found from the current directory)
          --engine-warmup S   engine warm-up seconds per variant (2)
          --engine-duration S engine measured seconds per variant (5)
          --ask-connections N connections for the ask run (8)
          --ask-sessions N    LLM sessions the ask workers share, round-robin (8; Parley allows 10 open)
          --chat-connections N  connections of the chat run, one chat session each (default: --connections)
          --idle-connections N  idle widget WebSockets for the connections run (10000)
          --conn-sources N    loopback source addresses the widget connections spread over: 127.0.0.1..N (4)
          --conn-hold S       seconds the idle connections are held before RSS is read again (30)
          --conn-parallel N   connections opened at a time (64)
          --reviews-rows N    reviews stored for the reviews part (1000000)
          --reviews-connections N  connections for the reviews part (4)
          --reviews-databases D  sqlite, postgres (with PARLEY_BENCH_POSTGRES) or both (both)
          --autoreply-entries N  due entries of the auto-reply dispatch part (10000); the part (--only autoreply) runs
                              in-process: evaluator throughput with 20 rules, then dispatch with a fake connector
          --skip-load         no throughput runs
          --skip-cold         no cold-start runs
          --out FILE          also write the report to FILE
        """;

    /// <summary>Whether a part runs: listed in --only (or no --only), and not switched off by --skip-load / --skip-cold.</summary>
    public bool Runs(string part) =>
        (Only.Count == 0 || Only.Contains(part))
        && !(SkipLoad && part is "load" or "ask" or "engine" or "chat" or "reviews")
        && !(SkipCold && part == "cold");

    /// <summary>Every part except the in-process engine needs a Parley process.</summary>
    public bool NeedsParley => Runs("load") || Runs("cold") || Runs("memory") || Runs("ask") || Runs("chat") || Runs("connections") || Runs("reviews");

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            TimeSpan Seconds() => TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture));
            switch (args[i])
            {
                case "--parley": o.ParleyDll = Next(); break;
                case "--connections": o.Connections = Int(); break;
                case "--warmup": o.Warmup = Seconds(); break;
                case "--duration": o.Duration = Seconds(); break;
                case "--cold-runs": o.ColdRuns = Int(); break;
                case "--keys": o.Keys = Int(); break;
                case "--idle": o.Idle = Seconds(); break;
                case "--api-permits": o.ApiPermitsPerMinute = Int(); break;
                case "--only":
                    foreach (var part in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        o.Only.Add(Array.Exists(Parts, p => p.Equals(part, StringComparison.OrdinalIgnoreCase))
                            ? part
                            : throw new ArgumentException($"--only: unknown part '{part}' (parts: {string.Join(", ", Parts)})."));
                    }

                    break;
                case "--repo": o.RepoRoot = Next(); break;
                case "--search-docs": o.SearchDocuments = Int(); break;
                case "--search-queries": o.SearchQueries = Int(); break;
                case "--search-seconds": o.SearchSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--skip-whoosh": o.SkipWhoosh = true; break;
                case "--engine-warmup": o.EngineWarmup = Seconds(); break;
                case "--engine-duration": o.EngineDuration = Seconds(); break;
                case "--ask-connections": o.AskConnections = Int(); break;
                case "--ask-sessions": o.AskSessions = Int(); break;
                case "--chat-connections": o.ChatConnections = Int(); break;
                case "--idle-connections": o.IdleConnections = Int(); break;
                case "--conn-sources": o.ConnectionSources = Int(); break;
                case "--conn-hold": o.ConnectionHold = Seconds(); break;
                case "--conn-parallel": o.ConnectParallelism = Int(); break;
                case "--reviews-rows": o.ReviewsRows = Int(); break;
                case "--reviews-connections": o.ReviewsConnections = Int(); break;
                case "--reviews-databases": o.ReviewsDatabases = Next(); break;
                case "--autoreply-entries": o.AutoReplyEntries = Int(); break;
                case "--skip-load": o.SkipLoad = true; break;
                case "--skip-cold": o.SkipCold = true; break;
                case "--out": o.OutFile = Next(); break;
                case "--help" or "-h": throw new ArgumentException("Usage:");
                case "--env":
                    var pair = Next();
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ArgumentException("--env takes KEY=VALUE.");
                    }

                    o.ParleyEnvironment[pair[..eq]] = pair[(eq + 1)..];
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if (o.NeedsParley && (string.IsNullOrEmpty(o.ParleyDll) || !File.Exists(o.ParleyDll)))
        {
            throw new ArgumentException($"Parley.dll not found ('{o.ParleyDll}'); pass --parley <publish dir>/Parley.dll (bench/run.sh does).");
        }

        o.ParleyDll = o.ParleyDll.Length > 0 ? Path.GetFullPath(o.ParleyDll) : "";
        if (o.ReviewsDatabases is not ("sqlite" or "postgres" or "both"))
        {
            throw new ArgumentException("--reviews-databases is sqlite, postgres or both.");
        }

        if (o.Connections < 1 || o.ColdRuns < 1 || o.Keys < 1 || o.AskConnections < 1 || o.AskSessions < 1 || o.ReviewsRows < 1 || o.ReviewsConnections < 1)
        {
            throw new ArgumentException("--connections, --cold-runs, --keys, --ask-connections and --ask-sessions must be at least 1.");
        }

        if (o.IdleConnections < 1 || o.ConnectionSources is < 1 or > 254 || o.ConnectParallelism < 1)
        {
            throw new ArgumentException("--idle-connections and --conn-parallel must be at least 1, --conn-sources 1–254.");
        }

        return o;
    }
}
