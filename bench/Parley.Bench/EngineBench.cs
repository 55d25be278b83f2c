using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Parley.Features.Ai.Engine;

namespace Parley.Bench;

internal sealed record EngineResult(string Name, long Texts, double Seconds, double CpuSeconds, long AllocatedBytes)
{
    public double TextsPerSecond => Texts / Seconds;

    public double NanosPerText => Seconds * 1e9 / Texts;

    public double BytesPerText => (double)AllocatedBytes / Texts;

    /// <summary>Share of the wall time the measuring thread was actually on a CPU (less than 1 = preempted by other work).</summary>
    public double OnCpu => CpuSeconds / Seconds;
}

internal sealed record EngineResults(int TextCount, string Sources, EngineResult Floor, EngineResult Fast, EngineResult Full, string Runtime);

/// <summary>
/// The built-in language engine in this process, on one dedicated thread: <c>AnalyzeFast</c> (language + sentiment +
/// keywords) and <c>Analyze</c> (+ themes) over the short reviews of the sentiment eval sets, against a naive floor
/// (lower-case, split on whitespace/punctuation, one stopword <see cref="HashSet{T}"/> lookup per token).
/// </summary>
internal static partial class EngineBench
{
    public const double TargetTextsPerSecond = 50_000;

    private static readonly char[] Separators =
        [' ', '\t', '\r', '\n', '.', ',', '!', '?', ';', ':', '"', '\'', '(', ')', '[', ']', '-', '–', '—', '/', '…', '«', '»', '„', '“', '”', '*', '+'];

    // A small stopword list over the eval languages (en, de, pl, ru); the floor only needs a realistic lookup per token.
    private static readonly HashSet<string> Stopwords = new(
        """
        a an the and or but if of to in on at for with from by is are was were be been it this that these those i you he she
        we they my your our their me him her us them not no so very too just all any some as do did does have has had will would
        der die das und oder aber nicht ein eine einen dem den des ist sind war waren ich du er sie wir ihr mit von zu im am auf
        für sehr auch noch nur schon wie so es man mich mir uns bei nach aus
        i w z na do nie się to jest był była było są że jak ale czy o od po za przez dla ten ta te mi mnie nas my wy oni bardzo
        już tylko też tak co a u
        и в во не на с со что как а но да это был была было были я ты он она мы вы они мне меня нас к по из за от для очень уже
        только тоже так все всё у о же
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    private static volatile int sink;

    public static EngineResults Run(BenchOptions options, Action<string> progress)
    {
        var (texts, sources) = LoadTexts(options);
        progress($"engine: {texts.Length} texts from {sources}; one dedicated thread, {options.EngineWarmup.TotalSeconds:0} s warm-up + {options.EngineDuration.TotalSeconds:0} s per variant");
        EngineResults? results = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var engine = BuiltinLanguageEngine.Shared; // data loads here, outside any measured window
                var floor = Measure("naive floor (lower + Split + stopword HashSet)", texts, options, Naive);
                progress(Line(floor));
                var fast = Measure("BuiltinLanguageEngine.AnalyzeFast", texts, options, t => Consume(engine.AnalyzeFast(t)));
                progress(Line(fast));
                var full = Measure("BuiltinLanguageEngine.Analyze (+ themes)", texts, options, t => Consume(engine.Analyze(t)));
                progress(Line(full));
                results = new EngineResults(texts.Length, sources, floor, fast, full, RuntimeDescription());
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            Name = "engine-bench",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        return failure is null ? results! : throw new InvalidOperationException("Engine benchmark failed: " + failure, failure);
    }

    public static void Format(StringBuilder s, EngineResults r, BenchOptions o)
    {
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Built-in engine, in-process ({r.TextCount} short reviews from {r.Sources}; one dedicated thread; {o.EngineWarmup.TotalSeconds:0} s warm-up + {o.EngineDuration.TotalSeconds:0} s measured per variant)");
        s.AppendLine(CultureInfo.InvariantCulture, $"  {"variant",-52} {"texts/s",9} {"µs/text",8} {"B/text",8} {"vs floor",9} {"on-CPU",7}");
        foreach (var x in new[] { r.Floor, r.Fast, r.Full })
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {x.Name,-52} {x.TextsPerSecond,9:0} {x.NanosPerText / 1000,8:0.00} {x.BytesPerText,8:0} {x.NanosPerText / r.Floor.NanosPerText,8:0.0}x {x.OnCpu,7:P0}");
        }

        s.AppendLine(CultureInfo.InvariantCulture,
            $"  {Environment.ProcessorCount} cores (Environment.ProcessorCount); {r.Runtime}. on-CPU = thread CPU time / wall time (below 100 % = the thread waited for a core).");
        s.AppendLine();
    }

    public static void FormatTargets(StringBuilder s, EngineResults r)
    {
        foreach (var x in new[] { r.Fast, r.Full })
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {"Engine " + x.Name.Replace("BuiltinLanguageEngine.", "", StringComparison.Ordinal) + ", 1 thread",-52} {x.TextsPerSecond,10:0}/s   target >= {TargetTextsPerSecond:0}/s   {(x.TextsPerSecond >= TargetTextsPerSecond ? "PASS" : "MISS")}   ({x.BytesPerText:0} B/text allocated, {x.NanosPerText / r.Floor.NanosPerText:0.0}x the naive floor)");
        }
    }

    public static string Line(EngineResult x) =>
        FormattableString.Invariant($"  {x.Name}: {x.TextsPerSecond:0} texts/s, {x.NanosPerText / 1000:0.00} µs/text, {x.BytesPerText:0} B/text, on-CPU {x.OnCpu:P0}");

    private static EngineResult Measure(string name, string[] texts, BenchOptions options, Action<string> body)
    {
        Pass(texts, body, options.EngineWarmup);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var bytes0 = GC.GetAllocatedBytesForCurrentThread();
        var cpu0 = ThreadCpuSeconds();
        var start = Stopwatch.GetTimestamp();
        var count = Pass(texts, body, options.EngineDuration);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpu = ThreadCpuSeconds() - cpu0;
        return new EngineResult(name, count, seconds, cpu, GC.GetAllocatedBytesForCurrentThread() - bytes0);
    }

    /// <summary>Whole passes over the texts until <paramref name="atLeast"/> has elapsed; returns the texts processed.</summary>
    private static long Pass(string[] texts, Action<string> body, TimeSpan atLeast)
    {
        var start = Stopwatch.GetTimestamp();
        long count = 0;
        do
        {
            foreach (var text in texts)
            {
                body(text);
            }

            count += texts.Length;
        }
        while (Stopwatch.GetElapsedTime(start) < atLeast);
        return count;
    }

    private static void Naive(string text)
    {
        var hits = 0;
        foreach (var token in text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Stopwords.Contains(token))
            {
                hits++;
            }
        }

        sink += hits;
    }

    private static void Consume(TextAnalysis analysis) =>
        sink += analysis.Keywords.Count + analysis.Themes.Count + analysis.Language.Code.Length + analysis.Sentiment.Label.Length;

    private static (string[] Texts, string Sources) LoadTexts(BenchOptions options)
    {
        var root = options.RepoRoot ?? FindRepoRoot()
            ?? throw new InvalidOperationException("Repository root not found (looked for Parley.slnx above the current directory and the bench binary); pass --repo DIR.");
        var dir = Path.Combine(root, "tests", "Parley.Tests", "Ai", "Eval");
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "sentiment-*.tsv").Order(StringComparer.Ordinal).ToArray() : [];
        var texts = files.SelectMany(File.ReadLines)
            .Select(line => line.IndexOf('\t', StringComparison.Ordinal) is var tab and >= 0 ? line[(tab + 1)..].Trim() : "")
            .Where(text => text.Length > 0)
            .ToArray();
        return texts.Length > 0
            ? (texts, $"{Path.GetRelativePath(root, dir)}/sentiment-*.tsv ({files.Length} files, avg {texts.Average(t => t.Length):0} chars)")
            : throw new InvalidOperationException($"No texts in {dir}/sentiment-*.tsv.");
    }

    private static string? FindRepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Parley.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static string RuntimeDescription()
    {
        var pgo = Environment.GetEnvironmentVariable("DOTNET_TieredPGO") is { } v ? $"DOTNET_TieredPGO={v}" : "TieredPGO default (on)";
        return $"bench process: {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {pgo} (Parley itself runs workstation GC, TieredPGO off)";
    }

    private static double ThreadCpuSeconds() =>
        ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var ts) == 0 ? ts.Seconds + (ts.Nanoseconds / 1e9) : double.NaN;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
