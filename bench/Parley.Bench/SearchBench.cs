using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Parley.Features.Search;

namespace Parley.Bench;

internal sealed record SearchRow(string Name, int Queries, double Seconds, double P50Ms, double P99Ms, double BuildSeconds, string Note)
{
    public double QueriesPerSecond => Seconds > 0 ? Queries / Seconds : 0;
}

/// <summary>Parley and Whoosh doing the same work on the same queries.</summary>
internal sealed record SearchComparison(string Name, SearchRow Parley, SearchRow Whoosh);

internal sealed record SearchResults(int Documents, int QueryCount, string Corpus, IReadOnlyList<SearchRow> Rows, IReadOnlyList<SearchRow> ParleyEndpoint,
    IReadOnlyList<SearchComparison> Comparisons, string? WhooshError);

/// <summary>
/// Search over a generated 100k-document corpus, in one run: Parley's Lucene.NET index (the product's <see cref="SearchIndex"/>,
/// English analysis), SQLite FTS5 (porter tokenizer, bm25) and Whoosh 2.7.4 (Debian's python3-whoosh, stemming analyzer,
/// BM25F) driven by bench/search_whoosh.py — the same corpus file and the same queries, one thread each, top 10.
/// </summary>
internal static class SearchBench
{
    public const double TargetRatio = 20;
    public const double TargetP99Ms = 5;
    private const string Python = "/usr/bin/python3";

    /// <summary>
    /// Runs the part in a process of its own started with Parley's runtimeconfig.json (workstation, non-concurrent GC, no tiered
    /// PGO; copied next to this binary by the project reference), so Parley's search code is timed under the garbage collector
    /// Parley itself runs with — not under this process's server GC, whose pauses on 2 cores made the p99 swing between 3 and
    /// 7 ms from run to run. Whoosh runs as before, in its own Python process.
    /// </summary>
    public static async Task<SearchResults> RunInParleyRuntimeAsync(BenchOptions o, string work, Action<string> progress)
    {
        var here = AppContext.BaseDirectory;
        var runtimeConfig = Path.Combine(here, "Parley.runtimeconfig.json");
        var resultFile = Path.Combine(work, "search-results.json");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "exec", "--runtimeconfig", runtimeConfig, Path.Combine(here, "Parley.Bench.dll"), "--search-child", resultFile, "--only", "search" },
        };
        foreach (var arg in (string[])["--search-docs", o.SearchDocuments.ToString(CultureInfo.InvariantCulture),
                     "--search-queries", o.SearchQueries.ToString(CultureInfo.InvariantCulture),
                     "--search-seconds", o.SearchSeconds.ToString(CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(arg);
        }

        if (o.RepoRoot is { } repo)
        {
            info.ArgumentList.Add("--repo");
            info.ArgumentList.Add(repo);
        }

        progress($"search: in a process with Parley's runtime configuration ({runtimeConfig})");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("search: could not start the child process.");
        var errors = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            progress(line);
        }

        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(resultFile))
        {
            throw new InvalidOperationException($"search: the child process exited with {process.ExitCode}: {await errors}");
        }

        return JsonSerializer.Deserialize<SearchResults>(await File.ReadAllTextAsync(resultFile))
            ?? throw new InvalidOperationException("search: the child process wrote no results.");
    }

    /// <summary>The child's side: runs the part, reports progress on standard output, writes the results as JSON.</summary>
    public static async Task RunChildAsync(BenchOptions o, string resultFile)
    {
        var work = Directory.CreateTempSubdirectory("parley-bench-search-");
        try
        {
            progress($"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {System.Runtime.GCSettings.LatencyMode}");
            var results = await RunAsync(o, work.FullName, progress);
            await File.WriteAllTextAsync(resultFile, JsonSerializer.Serialize(results));
        }
        finally
        {
            work.Delete(recursive: true);
        }

        static void progress(string line) => Console.WriteLine("  " + line);
    }

    public static async Task<SearchResults> RunAsync(BenchOptions o, string work, Action<string> progress)
    {
        var corpusFile = Path.Combine(work, "search-corpus.jsonl");
        var queriesFile = Path.Combine(work, "search-queries.txt");
        var (documents, queries, words) = Generate(o.SearchDocuments, o.SearchQueries);
        await using (var writer = new StreamWriter(corpusFile, false, new UTF8Encoding(false)))
        {
            foreach (var d in documents)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(new { id = d.Id, title = d.Title, body = d.Body }));
            }
        }

        await File.WriteAllLinesAsync(queriesFile, queries);
        var corpus = FormattableString.Invariant(
            $"{documents.Count:N0} generated documents ({words:N0} words, title 3–8 + body 30–90 words, Zipf over a 20,000-word vocabulary, seed 42), {queries.Count:N0} queries of 1–3 words (seed 7); file {new FileInfo(corpusFile).Length / 1e6:0.0} MB");
        progress("search: " + corpus);

        var rows = new List<SearchRow>();
        var started = Stopwatch.GetTimestamp();
        var index = SearchIndex.Build(documents.Select(d => new SearchDocument(d.Id, "doc", "en", d.Title, [], d.Body)).ToList());
        var build = Stopwatch.GetElapsedTime(started).TotalSeconds;
        // Ranked ids only, as Whoosh's plain rows return them (the chatbot's retrieval also asks for no snippets).
        var plainIds = Measure("Parley (Lucene.NET), fuzzy=false, ids only", queries, o.SearchSeconds, build,
            q => index.Search(new SearchRequest(q, "en", Fuzzy: false, Snippets: false)).Count, "ranked top 10, no snippets");
        progress(Line(plainIds));
        var fuzzyIds = Measure("Parley (Lucene.NET), fuzzy=true, ids only", queries, o.SearchSeconds, build,
            q => index.Search(new SearchRequest(q, "en", Fuzzy: true, Snippets: false)).Count, "ranked top 10, no snippets");
        progress(Line(fuzzyIds));
        // What GET /api/v1/public/{slug}/search does once it has the workspace's index: the same call, snippets included.
        var plain = Measure("Parley (Lucene.NET), fuzzy=false + snippets", queries, o.SearchSeconds, build,
            q => SearchService.Search(index, new SearchQueryParams { Q = q, Lang = "en", Fuzzy = false }).Results.Count, "GET …/search?fuzzy=false");
        progress(Line(plain));
        var full = Measure("Parley (Lucene.NET), fuzzy=true + snippets", queries, o.SearchSeconds, build,
            q => SearchService.Search(index, new SearchQueryParams { Q = q, Lang = "en" }).Results.Count, "GET …/search (fuzzy by default)");
        progress(Line(full));
        rows.AddRange([plainIds, fuzzyIds, plain, full]);

        rows.Add(await SqliteAsync(documents, queries, o.SearchSeconds, progress));

        var comparisons = new List<SearchComparison>();
        string? error = null;
        if (o.SkipWhoosh)
        {
            error = "Whoosh skipped (--skip-whoosh): no ratio this run.";
        }
        else if (!File.Exists(Python) || !await HasWhooshAsync())
        {
            error = "python3-whoosh is not installed (apt-get install -y python3-whoosh); Whoosh rows skipped.";
            progress(error);
        }
        else
        {
            var script = Path.Combine(o.RepoRoot ?? ".", "bench", "search_whoosh.py");
            var whooshDir = Path.Combine(work, "whoosh-index");
            progress("search: Whoosh indexing the corpus (a few minutes) …");
            foreach (var (mode, name, parley, what) in new[]
                     {
                         ("plain", "Whoosh 2.7.4, OR query, top 10, ids", plainIds, "plain, ids only"),
                         ("fuzzy", "Whoosh 2.7.4, words ≥ 5 letters as word~1, ids", fuzzyIds, "fuzzy, ids only"),
                         ("plain-highlights", "Whoosh 2.7.4, OR query + highlights", plain, "plain + snippets/highlights"),
                         ("fuzzy-highlights", "Whoosh 2.7.4, word~1 + highlights", full, "fuzzy + snippets/highlights"),
                     })
            {
                var whoosh = await WhooshAsync(script, corpusFile, queriesFile, whooshDir, o.SearchSeconds, mode, name);
                progress(Line(whoosh));
                rows.Add(whoosh);
                comparisons.Add(new SearchComparison(what, parley, whoosh));
            }
        }

        return new SearchResults(documents.Count, queries.Count, corpus, rows, [plain, full], comparisons, error);
    }

    public static void Format(StringBuilder s, SearchResults r)
    {
        s.AppendLine("Search (" + r.Corpus + "; one thread per engine, warm-up (in-process rows: ≥ 2 s of queries; Whoosh: 50 queries), then the query list once or until the time limit)");
        s.AppendLine(CultureInfo.InvariantCulture, $"  {"engine",-52} {"queries/s",10} {"p50 ms",8} {"p99 ms",8} {"build s",8}  note");
        foreach (var x in r.Rows)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  {x.Name,-52} {x.QueriesPerSecond,10:0} {x.P50Ms,8:0.000} {x.P99Ms,8:0.000} {x.BuildSeconds,8:0.0}  {x.Note}");
        }

        if (r.WhooshError is not null)
        {
            s.AppendLine("  " + r.WhooshError);
        }

        s.AppendLine();
    }

    public static void FormatTargets(StringBuilder s, SearchResults r)
    {
        foreach (var c in r.Comparisons)
        {
            var ratio = c.Parley.QueriesPerSecond / c.Whoosh.QueriesPerSecond;
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {"Search queries/s vs Whoosh, " + c.Name,-52} {ratio,9:0.0}x   target >= {TargetRatio:0}x   {(ratio >= TargetRatio ? "PASS" : "MISS")}   ({c.Parley.QueriesPerSecond:0} vs {c.Whoosh.QueriesPerSecond:0} q/s)");
        }

        foreach (var x in r.ParleyEndpoint)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {"Search p99, " + x.Name.Replace("Parley (Lucene.NET), ", "", StringComparison.Ordinal),-52} {x.P99Ms,8:0.00} ms   target <= {TargetP99Ms:0} ms   {(x.P99Ms <= TargetP99Ms ? "PASS" : "MISS")}");
        }
    }

    private static string Line(SearchRow x) =>
        FormattableString.Invariant($"  {x.Name}: {x.QueriesPerSecond:0} queries/s, p50 {x.P50Ms:0.000} ms, p99 {x.P99Ms:0.000} ms, build {x.BuildSeconds:0.0} s");

    private static SearchRow Measure(string name, IReadOnlyList<string> queries, double seconds, double build, Func<string, int> run, string note)
    {
        // Warm-up: the query list round and round for at least 2 s (and 50 queries), so the JIT has tiered up whichever row runs
        // first; with 50 queries only, the first row measured was timed on unoptimised code.
        var warm = Stopwatch.GetTimestamp();
        for (var i = 0; i < 50 || Stopwatch.GetElapsedTime(warm).TotalSeconds < 2; i++)
        {
            run(queries[i % queries.Count]);
        }

        var latencies = new List<double>(queries.Count);
        var started = Stopwatch.GetTimestamp();
        foreach (var q in queries)
        {
            var t0 = Stopwatch.GetTimestamp();
            run(q);
            latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            if (Stopwatch.GetElapsedTime(started).TotalSeconds > seconds)
            {
                break;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        latencies.Sort();
        return new SearchRow(name, latencies.Count, elapsed, latencies[latencies.Count / 2], latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))], build, note);
    }

    private static async Task<SearchRow> SqliteAsync(IReadOnlyList<(string Id, string Title, string Body)> documents, IReadOnlyList<string> queries, double seconds,
        Action<string> progress)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61 remove_diacritics 2')";
            await create.ExecuteNonQueryAsync();
        }

        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO docs (id, title, body) VALUES ($id, $title, $body)";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var title = insert.Parameters.Add("$title", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            foreach (var d in documents)
            {
                id.Value = d.Id;
                title.Value = d.Title;
                body.Value = d.Body;
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        var build = Stopwatch.GetElapsedTime(started).TotalSeconds;
        using var search = connection.CreateCommand();
        search.CommandText = "SELECT id FROM docs WHERE docs MATCH $q ORDER BY bm25(docs) LIMIT 10";
        var parameter = search.Parameters.Add("$q", SqliteType.Text);
        var row = Measure("SQLite FTS5 (porter, bm25), in memory", queries, seconds, build, q =>
        {
            parameter.Value = string.Join(" OR ", q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => "\"" + w + "\""));
            using var reader = search.ExecuteReader();
            var n = 0;
            while (reader.Read())
            {
                n++;
            }

            return n;
        }, "Microsoft.Data.Sqlite's bundled SQLite");
        progress(Line(row));
        return row;
    }

    private static async Task<bool> HasWhooshAsync()
    {
        using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import whoosh"]) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        return process.ExitCode == 0;
    }

    private static async Task<SearchRow> WhooshAsync(string script, string corpus, string queries, string indexDir, double seconds, string mode, string name)
    {
        var info = new ProcessStartInfo(Python, [script, corpus, queries, indexDir, seconds.ToString(CultureInfo.InvariantCulture), mode])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"search_whoosh.py failed ({process.ExitCode}): {await errors}");
        }

        using var json = JsonDocument.Parse((await output).Trim().Split('\n')[^1]);
        var root = json.RootElement;
        var build = root.GetProperty("build_s").GetDouble();
        return new SearchRow(name, root.GetProperty("queries").GetInt32(), root.GetProperty("seconds").GetDouble(), root.GetProperty("p50_ms").GetDouble(),
            root.GetProperty("p99_ms").GetDouble(), build, build > 0 ? "index built in this run" : "index reused from the plain run");
    }

    /// <summary>The corpus and the queries: deterministic (fixed seeds), pronounceable made-up words with a Zipf distribution.</summary>
    internal static (List<(string Id, string Title, string Body)> Documents, List<string> Queries, long Words) Generate(int count, int queryCount)
    {
        var random = new Random(42);
        string[] onsets = ["b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "st", "tr", "pl", "gr", "sh", "ch"];
        string[] vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
        var vocabulary = new List<string>(20_000);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (vocabulary.Count < 20_000)
        {
            var syllables = random.Next(1, 4);
            var word = new StringBuilder();
            for (var i = 0; i < syllables; i++)
            {
                word.Append(onsets[random.Next(onsets.Length)]).Append(vowels[random.Next(vowels.Length)]);
            }

            if (random.Next(3) == 0)
            {
                word.Append(onsets[random.Next(onsets.Length)]);
            }

            if (seen.Add(word.ToString()))
            {
                vocabulary.Add(word.ToString());
            }
        }

        var cumulative = new double[vocabulary.Count];
        var total = 0.0;
        for (var i = 0; i < cumulative.Length; i++)
        {
            total += 1 / Math.Pow(i + 1, 1.07);
            cumulative[i] = total;
        }

        int Rank(Random r)
        {
            var x = r.NextDouble() * total;
            var i = Array.BinarySearch(cumulative, x);
            return i < 0 ? Math.Min(~i, cumulative.Length - 1) : i;
        }

        long words = 0;
        string Text(int min, int max)
        {
            var n = random.Next(min, max + 1);
            words += n;
            return string.Join(' ', Enumerable.Range(0, n).Select(_ => vocabulary[Rank(random)]));
        }

        var documents = new List<(string, string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            documents.Add(("doc-" + i.ToString(CultureInfo.InvariantCulture), Text(3, 8), Text(30, 90)));
        }

        var queryRandom = new Random(7);
        var queries = new List<string>(queryCount);
        for (var i = 0; i < queryCount; i++)
        {
            var n = queryRandom.Next(1, 4);
            // Skip the 100 most frequent words: real queries name things, not the corpus's commonest words.
            queries.Add(string.Join(' ', Enumerable.Range(0, n).Select(_ =>
            {
                int rank;
                do
                {
                    rank = Rank(queryRandom);
                }
                while (rank < 100);
                return vocabulary[rank];
            })));
        }

        return (documents, queries, words);
    }
}
