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
          --skip-load         no throughput runs
          --skip-cold         no cold-start runs
          --out FILE          also write the report to FILE
        """;

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

        if (string.IsNullOrEmpty(o.ParleyDll) || !File.Exists(o.ParleyDll))
        {
            throw new ArgumentException($"Parley.dll not found ('{o.ParleyDll}'); pass --parley <publish dir>/Parley.dll (bench/run.sh does).");
        }

        o.ParleyDll = Path.GetFullPath(o.ParleyDll);
        if (o.Connections < 1 || o.ColdRuns < 1 || o.Keys < 1)
        {
            throw new ArgumentException("--connections, --cold-runs and --keys must be at least 1.");
        }

        return o;
    }
}
