using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.AutoReply;
using Parley.Features.Reviews;
using Parley.Features.Templates;
using Parley.Features.Workspaces;
using Parley.Platform.Hosting;
using Parley.Platform.Tenancy;

namespace Parley.Bench;

internal sealed record AutoReplyResults(
    int Items, int Rules, long Evaluations, double EvaluationSeconds, double EvaluationOnCpu, long FloorEvaluations, double FloorSeconds, long AllocatedBytes,
    int Queued, int Entries, DispatchResult Dispatch, DispatchResult? DispatchNormalSync);

/// <summary>One dispatch run: what was sent, how fast, and the file's ceiling of committed single-row updates in the same mode.</summary>
internal sealed record DispatchResult(string Mode, double Seconds, int Sent, int Duplicates, int Missing, double CommitsPerSecond)
{
    public double PerMinute => Sent / Seconds * 60;
}

/// <summary>
/// The auto-reply engine in this process. (1) Evaluations per second: <see cref="AutoReplyEvaluator.Evaluate"/> on one
/// thread over a stream of new reviews (texts of the sentiment eval sets, varied ratings and sources) against 20 rules,
/// with keyword conditions, approval keywords and template filling — against a floor that only compares rating and
/// source for the same 20 rules. (2) Dispatch: 10,000 due entries sent through the real path (claims, leases, daily
/// slots, the reviews feature's reply and publication in commit groups, an in-memory connector) by one dispatcher on one SQLite file,
/// against the file's ceiling of single-row committed updates in the same run.
/// </summary>
internal static partial class AutoReplyBench
{
    public const double TargetEvaluationsPerSecond = 50_000;
    public const double TargetEntriesPerMinute = 10_000;

    private static volatile int sink;

    public static async Task<AutoReplyResults> RunAsync(BenchOptions options, Action<string> progress, string work)
    {
        var texts = LoadTexts(options);
        progress($"auto-reply: evaluator over {texts.Length} reviews × 20 rules, one thread, {options.EngineWarmup.TotalSeconds:0} s warm-up + {options.EngineDuration.TotalSeconds:0} s");
        var (evaluations, evalSeconds, onCpu, floor, floorSeconds, bytes, queued) = MeasureEvaluator(texts, options);
        progress(FormattableString.Invariant($"  {evaluations / evalSeconds:0} evaluations/s (floor {floor / floorSeconds:0}/s), on-CPU {onCpu:P0}"));

        var entries = options.AutoReplyEntries;
        DispatchResult dispatch = new("skipped", 1, 0, 0, 0, 0);
        DispatchResult? normal = null;
        if (entries > 0)
        {
            progress($"auto-reply: dispatch of {entries} due entries, one dispatcher (Parley's SQLite set-up: one instance), SQLite defaults (WAL, synchronous=FULL)");
            dispatch = await MeasureDispatchAsync(entries, Path.Combine(work, "autoreply-full"), normalSync: false, progress);
            progress($"auto-reply: the same with PRAGMA synchronous=NORMAL on every connection (no fsync per commit; WAL stays consistent)");
            normal = await MeasureDispatchAsync(entries, Path.Combine(work, "autoreply-normal"), normalSync: true, progress);
        }

        return new AutoReplyResults(texts.Length, 20, evaluations, evalSeconds, onCpu, floor, floorSeconds, bytes, queued, entries, dispatch, normal);
    }

    public static void Format(StringBuilder s, AutoReplyResults r, BenchOptions o)
    {
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Auto-reply engine, in-process ({r.Items} new reviews from the sentiment eval sets, {r.Rules} rules, one thread, {o.EngineWarmup.TotalSeconds:0} s warm-up + {o.EngineDuration.TotalSeconds:0} s)");
        var rate = r.Evaluations / r.EvaluationSeconds;
        var floor = r.FloorEvaluations / r.FloorSeconds;
        s.AppendLine(CultureInfo.InvariantCulture, $"  {"full evaluation (gates, 20 rules, keywords, templates, approval, schedule, trace)",-82} {rate,10:0}/s  {1e6 / rate,6:0.00} µs  {(double)r.AllocatedBytes / r.Evaluations,6:0} B");
        s.AppendLine(CultureInfo.InvariantCulture, $"  {"floor: rating + source comparisons of the same 20 rules",-82} {floor,10:0}/s  {1e6 / floor,6:0.00} µs   ({rate / floor:P1} of the floor)");
        s.AppendLine(CultureInfo.InvariantCulture, $"  {r.Queued} of every {r.Items} reviews got a reply (the rest: no rule, or a template that could not be filled); the measuring thread was on a CPU {r.EvaluationOnCpu:P0} of the time");
        foreach (var d in new[] { r.Dispatch, r.DispatchNormalSync })
        {
            if (d is null || d.Sent == 0)
            {
                continue;
            }

            s.AppendLine(CultureInfo.InvariantCulture,
                $"  dispatch, {d.Mode,-22}: {d.Sent}/{r.Entries} sent in {d.Seconds:0.0} s = {d.PerMinute:0}/min; duplicates {d.Duplicates}, missing {d.Missing}; " +
                $"reference: the file commits {d.CommitsPerSecond:0} single-row updates/s, a delivery costs ~{d.CommitsPerSecond / (d.Sent / d.Seconds):0.0} of them");
        }

        s.AppendLine();
    }

    public static void FormatTargets(StringBuilder s, AutoReplyResults r)
    {
        var rate = r.Evaluations / r.EvaluationSeconds;
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  {"Auto-reply evaluations, 20 rules, 1 thread",-52} {rate,10:0}/s   target >= {TargetEvaluationsPerSecond:0}/s   {(rate >= TargetEvaluationsPerSecond ? "PASS" : "MISS")}   ({rate / TargetEvaluationsPerSecond:0.00}x the target)");
        foreach (var d in new[] { r.Dispatch, r.DispatchNormalSync })
        {
            if (d is null || d.Sent == 0)
            {
                continue;
            }

            var ok = d.PerMinute >= TargetEntriesPerMinute && d.Duplicates == 0 && d.Missing == 0;
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {"Auto-reply dispatch, " + r.Entries + " due, " + d.Mode,-52} {d.PerMinute,10:0}/min target >= {TargetEntriesPerMinute:0}/min, 0 duplicates   {(ok ? "PASS" : "MISS")}   ({d.PerMinute / TargetEntriesPerMinute:0.00}x the target, {d.Duplicates} duplicates, {d.Missing} missing)");
        }
    }

    // ---- evaluator

    private static (long Evaluations, double Seconds, double OnCpu, long Floor, double FloorSeconds, long Bytes, int Queued) MeasureEvaluator(string[] texts, BenchOptions options)
    {
        var renderer = new TemplateRenderer();
        var evaluator = new AutoReplyEvaluator(renderer);
        var now = new DateTime(2026, 11, 18, 9, 0, 0, DateTimeKind.Utc);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        var settings = new CompiledSettings(new AutoReplySettings
        {
            WorkspaceId = "bench", Enabled = true, RequireApproval = false, CooldownDays = 7, MaxAgeDays = 30, ResponseRateThreshold = 95,
            RequireApprovalForRatings = [1, 2], RequireApprovalKeywords = ["reklamacja", "problem", "skarga", "zwrot pieniędzy"],
        });
        var rules = Rules().Select(r => new CompiledRule(r)).ToList();
        TemplateCatalog templates = Templates(renderer, now);
        string[] sources = ["google", "facebook", "booksy", "google", "avito"];
        var items = texts.Select((text, i) =>
        {
            var rating = 1 + (i * 7 % 5);
            var data = new TemplateData("Anna", i % 3 == 0 ? null : "Nowak", i % 4 == 0 ? null : "anna@example.com", "500600700", rating, now.AddHours(-i % 48),
                i % 2 == 0 ? "Koloryzacja" : null, "Kasia", null);
            return new AutoReplyItem(AutoReplyItemTypes.Review, "r" + i, sources[i % sources.Length], rating, text, now.AddHours(-i % 48), i % 3 == 0, false,
                i % 3 == 0 ? "Anna" : "Anna Nowak", data.Email, data.Phone, data);
        }).ToArray();
        var facts = new EvaluationFacts(null, null, null, 40, 120);

        (long, double, long, int) Run(TimeSpan duration, bool measure)
        {
            var bytes0 = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            long count = 0;
            var queued = 0;
            do
            {
                foreach (var item in items)
                {
                    var result = evaluator.Evaluate(new EvaluationInput(item, settings, rules, templates, facts, now, zone, TimeSpan.FromHours(1)));
                    if (result.CreatesEntry)
                    {
                        queued++;
                    }
                }

                count += items.Length;
            }
            while (Stopwatch.GetElapsedTime(start) < duration);
            return (count, Stopwatch.GetElapsedTime(start).TotalSeconds, measure ? GC.GetAllocatedBytesForCurrentThread() - bytes0 : 0, queued);
        }

        (long, double) Floor(TimeSpan duration)
        {
            var start = Stopwatch.GetTimestamp();
            long count = 0;
            do
            {
                foreach (var item in items)
                {
                    foreach (var rule in rules)
                    {
                        var r = rule.Rule;
                        var ok = r.RatingOperator switch
                        {
                            RatingOperators.Eq => item.Rating == r.RatingValue,
                            RatingOperators.Gte => item.Rating >= r.RatingValue,
                            RatingOperators.Lte => item.Rating <= r.RatingValue,
                            RatingOperators.Between => item.Rating >= r.RatingMin && item.Rating <= r.RatingMax,
                            _ => true,
                        } && (r.Sources.Count == 0 || r.Sources.Contains(item.Source));
                        if (ok)
                        {
                            sink++;
                            break;
                        }
                    }
                }

                count += items.Length;
            }
            while (Stopwatch.GetElapsedTime(start) < duration);
            return (count, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        (long, double, long, int)? measured = null;
        var onCpu = double.NaN;
        (long, double)? floor = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Run(options.EngineWarmup, false);
                GC.Collect();
                var cpu0 = ThreadCpuSeconds();
                var run = Run(options.EngineDuration, true);
                onCpu = (ThreadCpuSeconds() - cpu0) / run.Item2;
                measured = run;
                Floor(options.EngineWarmup);
                floor = Floor(options.EngineDuration);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { Name = "auto-reply-bench", IsBackground = true };
        thread.Start();
        thread.Join();
        if (failure is not null || measured is null || floor is null)
        {
            throw new InvalidOperationException("Auto-reply evaluator benchmark failed: " + failure, failure);
        }

        var (evaluations, seconds, bytes, queuedTotal) = measured.Value;
        return (evaluations, seconds, onCpu, floor.Value.Item1, floor.Value.Item2, bytes, (int)(queuedTotal * items.Length / evaluations));
    }

    /// <summary>Twenty rules as a salon might set them up: by rating, source, keywords; windows and delays.</summary>
    private static IEnumerable<AutoReplyRule> Rules()
    {
        var i = 0;
        AutoReplyRule Rule(Action<AutoReplyRule> set)
        {
            var rule = new AutoReplyRule { WorkspaceId = "bench", Name = "Rule " + ++i, Priority = i * 10 };
            set(rule);
            return rule;
        }

        string[][] keywordSets = [["reklamacja", "zwrot"], ["spóźnienie", "czekałam"], ["cena", "drogo"], ["brud", "bałagan"], ["niemiła", "niegrzeczna"]];
        foreach (var keywords in keywordSets)
        {
            yield return Rule(r => (r.RatingOperator, r.RatingValue, r.Keywords) = (RatingOperators.Lte, 2, [.. keywords]));
        }

        foreach (var source in new[] { "facebook", "booksy", "avito" })
        {
            yield return Rule(r => (r.RatingOperator, r.RatingValue, r.Sources, r.Statuses) = (RatingOperators.Eq, 5, [source], [AutoReplyItemStatuses.Read]));
        }

        yield return Rule(r => (r.RatingOperator, r.RatingMin, r.RatingMax, r.Keywords, r.ScheduleType, r.WindowStart, r.WindowEnd) =
            (RatingOperators.Between, 2, 3, ["obsługa", "fryzura"], ScheduleTypes.Scheduled, "09:00", "17:00"));
        yield return Rule(r => (r.RatingOperator, r.RatingValue, r.Sources, r.Keywords) = (RatingOperators.Eq, 4, ["google"], ["polecam", "super"]));
        for (var n = 0; n < 8; n++)
        {
            var k = n;
            yield return Rule(r => (r.RatingOperator, r.RatingValue, r.Sources, r.Keywords, r.Enabled) =
                (RatingOperators.Gte, 3, ["manual"], ["kod" + k], k % 2 == 0));
        }

        yield return Rule(r => (r.RatingOperator, r.RatingValue, r.ScheduleType, r.DelayMinutes, r.WeekdaysOnly) =
            (RatingOperators.Gte, 4, ScheduleTypes.Delayed, 30, true));
        yield return Rule(r => (r.TemplateStrategy, r.FallbackTemplateId) = (TemplateStrategies.FirstAvailable, "generic"));
    }

    private static List<CatalogTemplate> Templates(TemplateRenderer renderer, DateTime now)
    {
        (string Id, int Rating, string Content)[] raw =
        [
            ("t5a", 5, "@pelne_imie, bardzo dziękujemy za ocenę @ocena! Cieszymy się, że @usluga się spodobała."),
            ("t5b", 5, "Dziękujemy, @imie! Do zobaczenia w salonie."),
            ("t4a", 4, "@imie, dziękujemy za opinię z dnia @data. Pozdrawiamy, @pracownik."),
            ("t3a", 3, "Dziękujemy, @imie. Chętnie dowiemy się, co możemy poprawić — napisz do nas."),
            ("t2a", 2, "@pelne_imie, przykro nam. Skontaktujemy się pod adresem @email."),
            ("t2b", 2, "Przepraszamy, @imie. Prosimy o kontakt pod numerem @telefon."),
            ("t1a", 1, "@imie, bardzo nam przykro. Zadzwonimy na @telefon."),
            ("t1b", 1, "Przepraszamy za zamówienie @zamowienie."),
            ("generic", 3, "Dziękujemy za opinię!"),
        ];
        return raw.Select((t, i) =>
        {
            var content = renderer.ToStorage(t.Content);
            return new CatalogTemplate(t.Id, "Template " + t.Id, content, t.Rating, true, true, now.AddDays(-30).AddMinutes(i), renderer.UsedVariables(content));
        }).ToList();
    }

    private static string[] LoadTexts(BenchOptions options)
    {
        var root = options.RepoRoot ?? Environment.CurrentDirectory;
        var dir = Path.Combine(root, "tests", "Parley.Tests", "Ai", "Eval");
        var texts = Directory.Exists(dir)
            ? Directory.GetFiles(dir, "sentiment-pl.tsv").Concat(Directory.GetFiles(dir, "sentiment-holdout-pl.tsv")).SelectMany(File.ReadLines)
                .Select(line => line.IndexOf('\t', StringComparison.Ordinal) is var tab and >= 0 ? line[(tab + 1)..].Trim() : "")
                .Where(t => t.Length > 0).ToArray()
            : [];
        return texts.Length > 0 ? texts : throw new InvalidOperationException($"No texts in {dir}/sentiment-pl.tsv; pass --repo DIR.");
    }

    // ---- dispatch

    /// <summary>A connector that answers at once and counts what it published, per review.</summary>
    private sealed class CountingPlatform : IReviewPlatform
    {
        public ConcurrentDictionary<string, int> Published { get; } = new();

        public string Source => ReviewSources.Google;

        public bool SupportsReplies => true;

        public Task<bool> IsConnectedAsync(string workspaceId, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<PlatformReplyResult> PublishReplyAsync(PlatformReply reply, CancellationToken cancellationToken)
        {
            Published.AddOrUpdate(reply.ReviewId, 1, (_, n) => n + 1);
            return Task.FromResult(PlatformReplyResult.Success());
        }
    }

    /// <summary>Sets <c>PRAGMA synchronous=NORMAL</c> on every connection Parley opens (an experiment; Parley itself keeps SQLite's default).</summary>
    private sealed class SynchronousNormal : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
    {
        public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL";
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<DispatchResult> MeasureDispatchAsync(int count, string work, bool normalSync, Action<string> progress)
    {
        var directory = Directory.CreateDirectory(work).FullName;
        var database = Path.Combine(directory, "parley.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Parley"] = $"Data Source={database}",
            ["Jobs:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
        });
        builder.AddParley();
        var platform = new CountingPlatform();
        builder.Services.AddSingleton<IReviewPlatform>(platform);
        if (normalSync)
        {
            builder.Services.ConfigureDbContext<SqliteParleyDb>(o => o.AddInterceptors(new SynchronousNormal()));
        }

        await using var app = builder.Build();
        await MigrationRunner.MigrateAsync(app.Services, CancellationToken.None);

        var workspaceId = await SeedAsync(app.Services, count);
        progress($"  seeded {count} reviews and due entries");
        var commits = await CommitCeilingAsync(database, normalSync);
        progress(FormattableString.Invariant($"  reference: {commits:0} committed single-row updates/s on the same file"));

        var start = Stopwatch.GetTimestamp();
        var report = await app.Services.GetRequiredService<AutoReplyDispatcher>().RunOnceAsync(CancellationToken.None);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var sent = await db.Set<AutoReplyEntry>().CountAsync(e => e.State == EntryStates.Sent);
        var reviewIds = await db.Set<Review>().Select(r => r.Id).ToListAsync();
        var duplicates = reviewIds.Count(id => platform.Published.GetValueOrDefault(id) > 1);
        var missing = reviewIds.Count(id => platform.Published.GetValueOrDefault(id) == 0);
        progress(FormattableString.Invariant($"  {sent} sent in {seconds:0.0} s ({sent / seconds * 60:0}/min); {report}"));
        return new DispatchResult(normalSync ? "synchronous=NORMAL" : "SQLite defaults", seconds, sent, duplicates, missing, commits);
    }

    private static async Task<string> SeedAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var now = DateTime.UtcNow;
        var workspace = new Workspace { Name = "Bench salon", Slug = "bench-" + Guid.NewGuid().ToString("N")[..8], CreatedAt = now };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().SetSystem(workspace.Id);
        db.Add(new AutoReplySettings { WorkspaceId = workspace.Id, Enabled = true, DailyLimit = 1_000_000, CooldownDays = 0, UpdatedAt = now });
        foreach (var chunk in Enumerable.Range(0, count).Chunk(2000))
        {
            var reviews = chunk.Select(i => new Review
            {
                WorkspaceId = workspace.Id, Source = ReviewSources.Google, ExternalId = "bench-" + i, AuthorName = "Klient " + i, Rating = 5, Content = "Super!",
                Date = now.AddHours(-1), StatsDay = DateOnly.FromDateTime(now), CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.AddRange(reviews);
            db.AddRange(reviews.Select(r => new AutoReplyEntry
            {
                WorkspaceId = workspace.Id, ItemType = AutoReplyItemTypes.Review, ItemId = r.Id, Source = r.Source, Rating = 5, ItemDate = r.Date,
                RuleId = "bench", RuleName = "Bench", TemplateId = "bench", TemplateName = "Bench", Content = "Dziękujemy, " + r.AuthorName + "!",
                GeneratedContent = "Dziękujemy!", State = EntryStates.Scheduled, LiveKey = "review:" + r.Id, DueAt = now.AddSeconds(-1),
                IdempotencyKey = "ar_" + Platform.Ids.New(), CreatedAt = now, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return workspace.Id;
    }

    /// <summary>Single-row updates, each committed on its own, on the same database file: what the disk and SQLite allow.</summary>
    private static async Task<double> CommitCeilingAsync(string database, bool normalSync)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = (normalSync ? "PRAGMA synchronous=NORMAL; " : "") +
                                 "CREATE TABLE IF NOT EXISTS bench_ceiling (id INTEGER PRIMARY KEY, n INTEGER); INSERT OR IGNORE INTO bench_ceiling VALUES (1, 0);";
            await create.ExecuteNonQueryAsync();
        }

        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE bench_ceiling SET n = n + 1 WHERE id = 1";
        var start = Stopwatch.GetTimestamp();
        var n = 0;
        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(3))
        {
            await update.ExecuteNonQueryAsync();
            n++;
        }

        return n / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double ThreadCpuSeconds() =>
        ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var ts) == 0 ? ts.Seconds + (ts.Nanoseconds / 1e9) : double.NaN;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
