using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Parley.Bench;

internal sealed record ReviewsResults(
    string Provider,
    int Rows,
    TimeSpan SeedTime,
    int CounterRows,
    LoadResult Ceiling,
    LoadResult Live,
    LoadResult List,
    IReadOnlyList<(string Query, string Total)> ListQueries,
    double StatsColdMs,
    double StatsAfterChangeMs,
    LoadResult Stats,
    IReadOnlyList<(string Query, double Ms, string Total)> Extra);

/// <summary>
/// <c>GET /api/v1/reviews</c> with the contract's filters and sorts, and <c>GET /api/v1/stats</c>, over a million stored reviews
/// in one workspace: SQLite always, PostgreSQL too when <c>PARLEY_BENCH_POSTGRES</c> names an empty database (created when missing). The rows and
/// their per-day counters are written straight into the database (SQLite: one prepared INSERT in one transaction; PostgreSQL:
/// binary COPY), then Parley is driven over HTTP with an API key, next to the bare-Kestrel ceiling and /health/live measured
/// with the same number of connections in the same run.
/// </summary>
internal static class ReviewsBench
{
    public const double ListP99TargetMs = 15;
    public const double StatsP99TargetMs = 50;

    /// <summary>Worker i asks query i % n: the contract's filter and sort combinations, each a page of 50.</summary>
    public static readonly string[] ListQueries =
    [
        "api/v1/reviews",
        "api/v1/reviews?status=unanswered&sort=newest",
        "api/v1/reviews?source=google&sort=lowest",
        "api/v1/reviews?status=answered&source=booksy&sort=newest",
        "api/v1/reviews?status=unanswered&sort=lowest",
        "api/v1/reviews?status=unanswered&source=facebook&sort=lowest&offset=100",
        "api/v1/reviews?source=google&status=all&sort=newest&offset=500",
        "api/v1/reviews?sort=lowest&source=all&status=answered",
    ];

    /// <summary>Measured once each, for information: filters the counters cannot total, so Parley counts rows.</summary>
    private static readonly string[] ExtraQueries =
    [
        "api/v1/reviews?rating=1&sort=newest",
        "api/v1/reviews?from={from}&status=unanswered",
        "api/v1/reviews?q=czekanie&limit=20",
        "api/v1/reviews/unread-count",
    ];

    private static readonly string[] Sources = ["google", "booksy", "facebook", "avito", "manual"];
    private static readonly string[] Authors = ["Anna Nowak", "Katarzyna Wiśniewska", "Piotr Kowalski", "Magdalena Wójcik", "Tomasz Krawczyk", "Ewa Szymańska", "Jan Zieliński", "Julia Michalska"];
    private static readonly string[] Services = ["Strzyżenie damskie", "Strzyżenie męskie", "Koloryzacja Sombre", "Manicure hybrydowy", "Pedicure", "Zabieg na twarz"];
    private static readonly string[] Positive = ["Fantastyczna obsługa! Na pewno wrócę.", "Super efekt, polecam każdemu.", "Przemiła atmosfera i pełen profesjonalizm.", "Najlepszy salon w okolicy, punktualnie i dokładnie."];
    private static readonly string[] Neutral = ["W porządku, ale trochę drogo.", "Efekt ok, musiałam chwilę poczekać."];
    private static readonly string[] Negative = ["Czekałam godzinę mimo rezerwacji, skandal.", "Znowu czekanie i spóźnienie, nie polecam.", "Za drogo w stosunku do jakości."];

    public static async Task<IReadOnlyList<ReviewsResults>> RunAsync(BenchOptions o, string work, Action<string> progress)
    {
        var results = new List<ReviewsResults>();
        var contentRoot = Directory.CreateDirectory(Path.Combine(work, "reviews-ceiling")).FullName;
        LoadResult ceiling;
        await using (var server = await CeilingServer.StartAsync(contentRoot))
        {
            progress($"reviews: ceiling, {o.ReviewsConnections} connections");
            ceiling = await LoadGenerator.RunAsync(LoadTarget.Get("Ceiling: bare minimal API (in-process)", server.Url), o.ReviewsConnections, o, null);
        }

        if (o.ReviewsDatabases != "postgres")
        {
            results.Add(await RunProviderAsync("sqlite", o, work, ceiling, progress));
        }

        if (o.ReviewsDatabases != "sqlite" && Environment.GetEnvironmentVariable("PARLEY_BENCH_POSTGRES") is { Length: > 0 } postgres)
        {
            results.Add(await RunProviderAsync("postgres", o, work, ceiling, progress, postgres));
        }

        return results;
    }

    private static async Task<ReviewsResults> RunProviderAsync(string provider, BenchOptions o, string work, LoadResult ceiling, Action<string> progress,
        string? postgres = null)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, "reviews-" + provider)).FullName;
        // No scheduler: its SQLite writes would wait behind the seeding transaction, and nothing here needs jobs.
        var environment = new Dictionary<string, string> { ["Jobs__Enabled"] = "false" };
        if (postgres is not null)
        {
            await EnsureDatabaseAsync(postgres);
            environment["Database__Provider"] = "postgres";
            environment["ConnectionStrings__Parley"] = postgres;
        }

        await using var parley = ParleyServer.Start(o, directory, environment);
        await parley.WaitReadyAsync(TimeSpan.FromSeconds(120));
        var apiKey = await parley.SeedAsync(1);
        var headers = new Dictionary<string, string> { ["X-API-Key"] = apiKey };
        var workspaceId = (await GetJsonAsync(parley, "api/v1/workspace", apiKey))["id"]!.GetValue<string>();

        progress($"reviews [{provider}]: writing {o.ReviewsRows:N0} reviews and their counters");
        var started = Stopwatch.GetTimestamp();
        var counters = postgres is null
            ? await SeedSqliteAsync(Path.Combine(directory, "bench.db"), workspaceId, o.ReviewsRows)
            : await SeedPostgresAsync(postgres, workspaceId, o.ReviewsRows);
        var seedTime = Stopwatch.GetElapsedTime(started);
        progress($"reviews [{provider}]: seeded in {seedTime.TotalSeconds:0.0} s ({counters} counter rows)");

        // Statistics once before anything is cached: the counters are aggregated.
        var statsCold = await TimeAsync(parley, "api/v1/stats", apiKey);
        var totals = new List<(string, string)>();
        foreach (var query in ListQueries)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, query);
            request.Headers.Add("X-API-Key", apiKey);
            using var response = await parley.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET /{query} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            totals.Add((query, response.Headers.TryGetValues("X-Total-Count", out var t) ? string.Join(",", t) : "?"));
        }

        var extra = new List<(string, double, string)>();
        var from = DateTime.UtcNow.AddDays(-60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var query in ExtraQueries.Select(q => q.Replace("{from}", from, StringComparison.Ordinal)).Concat(ListQueries))
        {
            // Median of five after one unmeasured request (query compilation, first reads).
            await TimeAsync(parley, query, apiKey);
            var times = new List<(double Ms, string Total)>();
            for (var i = 0; i < 5; i++)
            {
                times.Add(await TimeWithTotalAsync(parley, query, apiKey));
            }

            var median = times.OrderBy(t => t.Ms).ElementAt(2);
            extra.Add((query, median.Ms, median.Total));
        }

        progress($"reviews [{provider}]: /health/live, {o.ReviewsConnections} connections");
        var live = await LoadGenerator.RunAsync(LoadTarget.Get("Parley GET /health/live", new Uri(parley.Url, "health/live")), o.ReviewsConnections, o, parley.Pid);
        progress($"reviews [{provider}]: GET /api/v1/reviews ({ListQueries.Length} filter/sort combinations), {o.ReviewsConnections} connections");
        var list = await LoadGenerator.RunAsync(new LoadTarget($"Parley GET /api/v1/reviews [{provider}, {o.ReviewsRows / 1000:N0}k rows]",
            [.. ListQueries.Select(q => new Uri(parley.Url, q))]) { Headers = headers }, o.ReviewsConnections, o, parley.Pid);
        progress(FormattableString.Invariant($"  {list.RequestsPerSecond:0} req/s, p50 {list.P50Micros / 1000:0.00} ms, p99 {list.P99Micros / 1000:0.00} ms"));
        progress($"reviews [{provider}]: GET /api/v1/stats (warm), {o.ReviewsConnections} connections");
        var stats = await LoadGenerator.RunAsync(LoadTarget.Get($"Parley GET /api/v1/stats, warm [{provider}]", new Uri(parley.Url, "api/v1/stats"), headers),
            o.ReviewsConnections, o, parley.Pid);
        progress(FormattableString.Invariant($"  {stats.RequestsPerSecond:0} req/s, p50 {stats.P50Micros / 1000:0.00} ms, p99 {stats.P99Micros / 1000:0.00} ms"));
        // Statistics right after a change (the version moves, the cache misses), without the first request's compilation.
        if (postgres is null)
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "bench.db")};Pooling=False;Default Timeout=60");
            await connection.OpenAsync();
            await BumpVersionAsync(connection, workspaceId, "$w");
        }
        else
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await BumpVersionAsync(connection, workspaceId, "@w");
        }

        var statsAfterChange = await TimeAsync(parley, "api/v1/stats", apiKey);
        return new ReviewsResults(provider, o.ReviewsRows, seedTime, counters, ceiling, live, list, totals, statsCold, statsAfterChange, stats, extra);
    }

    /// <summary>Creates the database <c>PARLEY_BENCH_POSTGRES</c> names when the server does not have it yet, so a run does not stop there.</summary>
    private static async Task EnsureDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database is { Length: > 0 } database ? database : throw new InvalidOperationException("PARLEY_BENCH_POSTGRES names no database.");
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
    }

    public static void Format(StringBuilder s, IReadOnlyList<ReviewsResults> all, BenchOptions o)
    {
        foreach (var r in all)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"Reviews over {r.Rows:N0} stored reviews, {r.Provider} ({o.ReviewsConnections} connections, {o.Warmup.TotalSeconds:0} s warm-up + {o.Duration.TotalSeconds:0} s measured per target)");
            s.AppendLine(CultureInfo.InvariantCulture, $"  {"target",-52} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"vs ceiling",10} {"errors",7}");
            foreach (var x in new[] { r.Ceiling, r.Live, r.List, r.Stats })
            {
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"  {x.Name,-52} {x.RequestsPerSecond,9:0} {x.P50Micros / 1000,8:0.00} {x.P99Micros / 1000,8:0.00} {x.RequestsPerSecond / r.Ceiling.RequestsPerSecond,10:P0} {x.Non200 + x.Errors,7}");
            }

            s.AppendLine(CultureInfo.InvariantCulture, $"  seeded in {r.SeedTime.TotalSeconds:0.0} s ({r.CounterRows:N0} counter rows); GET /api/v1/stats uncached: {r.StatsColdMs:0.0} ms as the first request (includes query compilation), {r.StatsAfterChangeMs:0.0} ms right after the data changed");
            s.AppendLine("  list queries (worker i asks query i mod n; X-Total-Count):");
            foreach (var (query, total) in r.ListQueries)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"    /{query,-74} {total,9}");
            }

            s.AppendLine("  single requests, median of 5 (the first four count their totals from rows, not from the counters):");
            foreach (var (query, ms, total) in r.Extra)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"    /{query,-74} {ms,8:0.0} ms   total {total}");
            }

            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {"Target: GET /api/v1/reviews p99 (" + r.Provider + ")",-52} {r.List.P99Micros / 1000,8:0.00} ms   target <= {ListP99TargetMs:0} ms   {(r.List.P99Micros / 1000 <= ListP99TargetMs ? "PASS" : "MISS")}");
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {"Target: GET /api/v1/stats warm p99 (" + r.Provider + ")",-52} {r.Stats.P99Micros / 1000,8:0.00} ms   target <= {StatsP99TargetMs:0} ms   {(r.Stats.P99Micros / 1000 <= StatsP99TargetMs ? "PASS" : "MISS")}");
            s.AppendLine();
        }
    }

    private static async Task<double> TimeAsync(ParleyServer parley, string query, string apiKey) => (await TimeWithTotalAsync(parley, query, apiKey)).Ms;

    private static async Task<(double Ms, string Total)> TimeWithTotalAsync(ParleyServer parley, string query, string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        request.Headers.Add("X-API-Key", apiKey);
        var started = Stopwatch.GetTimestamp();
        using var response = await parley.Client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /{query} answered {(int)response.StatusCode}.");
        }

        return (ms, response.Headers.TryGetValues("X-Total-Count", out var t) ? string.Join(",", t) : "-");
    }

    private static async Task<JsonNode> GetJsonAsync(ParleyServer parley, string path, string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-API-Key", apiKey);
        using var response = await parley.Client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException($"{path}: empty body.");
    }

    /// <summary>One generated review and the counter bucket it belongs to.</summary>
    private sealed record Row(
        string Id, string Source, string ExternalId, string Author, int Rating, string Content, DateTime Date, bool Answered, bool Read,
        string Service, string Sentiment, DateOnly Day, DateTime? ReplyDate, DateOnly? ReplyDay);

    /// <summary>Two years of reviews, oldest first, with realistic shares of sources, ratings, answers and unread ones.</summary>
    private static IEnumerable<Row> Generate(int count, Dictionary<(DateOnly, string, int), int[]> counters)
    {
        var random = new Random(42);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        var now = DateTime.UtcNow.AddMinutes(-10);
        var start = now.AddDays(-730);
        var step = (now - start).Ticks / count;
        for (var i = 0; i < count; i++)
        {
            var date = new DateTime(start.Ticks + (i * step) + random.NextInt64(step), DateTimeKind.Utc);
            var source = random.Next(100) switch { < 55 => Sources[0], < 80 => Sources[1], < 95 => Sources[2], < 99 => Sources[3], _ => Sources[4] };
            var rating = random.Next(100) switch { < 50 => 5, < 72 => 4, < 82 => 3, < 90 => 2, _ => 1 };
            var sentiment = rating >= 4 ? "positive" : rating == 3 ? "neutral" : "negative";
            var pool = rating >= 4 ? Positive : rating == 3 ? Neutral : Negative;
            var answered = random.Next(100) < 70;
            var read = i < count - 2000 || random.Next(2) == 0;
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(date, zone));
            var replyDate = answered ? date.AddHours(1 + random.Next(48)) : (DateTime?)null;
            var replyDay = replyDate is { } r ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(r, zone)) : (DateOnly?)null;
            Bump(counters, (day, source, rating), 0, 1);
            Bump(counters, (day, source, rating), 1, answered ? 1 : 0);
            Bump(counters, (day, source, rating), 2, read ? 0 : 1);
            Bump(counters, (day, source, rating), rating >= 4 ? 3 : rating == 3 ? 4 : 5, 1);
            if (replyDay is { } rd)
            {
                Bump(counters, (rd, source, rating), 6, 1);
            }

            yield return new Row(Guid.CreateVersion7(new DateTimeOffset(date)).ToString("N"), source, $"{source}-{i}", Authors[random.Next(Authors.Length)], rating,
                pool[random.Next(pool.Length)], date, answered, read, Services[random.Next(Services.Length)], sentiment, day, replyDate, replyDay);
        }
    }

    private static void Bump(Dictionary<(DateOnly, string, int), int[]> counters, (DateOnly, string, int) key, int index, int by)
    {
        if (!counters.TryGetValue(key, out var values))
        {
            counters[key] = values = new int[7];
        }

        values[index] += by;
    }

    private const string ReviewColumns = "\"Id\", \"WorkspaceId\", \"Source\", \"ExternalId\", \"AuthorName\", \"Rating\", \"Content\", \"Date\", \"Status\", \"IsRead\", " +
                                         "\"ServiceName\", \"Sentiment\", \"StatsDay\", \"ReplyContent\", \"ReplyDate\", \"ReplyOrigin\", \"ReplyStatsDay\", " +
                                         "\"PublicationState\", \"PublicationAttempts\", \"PublishedAt\", \"CreatedAt\", \"UpdatedAt\"";

    private const string TotalColumns = "\"WorkspaceId\", \"Source\", \"Rating\", \"Reviews\", \"Answered\", \"Unread\", \"Positive\", \"Neutral\", \"Negative\"";

    /// <summary>The all-time totals per source and rating: the daily counters summed, without replies (those are per day only).</summary>
    private static Dictionary<(string, int), int[]> Totals(Dictionary<(DateOnly, string, int), int[]> counters)
    {
        var totals = new Dictionary<(string, int), int[]>();
        foreach (var ((_, source, rating), v) in counters)
        {
            if (!totals.TryGetValue((source, rating), out var t))
            {
                totals[(source, rating)] = t = new int[6];
            }

            for (var i = 0; i < 6; i++)
            {
                t[i] += v[i];
            }
        }

        return totals;
    }

    private const string CounterColumns = "\"WorkspaceId\", \"Day\", \"Source\", \"Rating\", \"Reviews\", \"Answered\", \"Unread\", \"Positive\", \"Neutral\", \"Negative\", \"Replies\"";

    private static async Task<int> SeedSqliteAsync(string path, string workspaceId, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=60");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var counters = new Dictionary<(DateOnly, string, int), int[]>();
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"INSERT INTO \"Reviews\" ({ReviewColumns}) VALUES ({string.Join(", ", Enumerable.Range(0, 22).Select(i => "$p" + i))})";
            var p = Enumerable.Range(0, 22).Select(i => insert.CreateParameter()).ToArray();
            for (var i = 0; i < p.Length; i++)
            {
                p[i].ParameterName = "$p" + i;
                insert.Parameters.Add(p[i]);
            }

            insert.Prepare();
            var now = DateTime.UtcNow;
            foreach (var row in Generate(count, counters))
            {
                Bind(p, workspaceId, row, now, sqlite: true);
                await insert.ExecuteNonQueryAsync();
            }
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"INSERT INTO \"ReviewDailyStats\" ({CounterColumns}) VALUES ($w, $d, $s, $r, $c0, $c1, $c2, $c3, $c4, $c5, $c6)";
            foreach (var ((day, source, rating), v) in counters)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$w", workspaceId);
                insert.Parameters.AddWithValue("$d", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$s", source);
                insert.Parameters.AddWithValue("$r", rating);
                for (var i = 0; i < 7; i++)
                {
                    insert.Parameters.AddWithValue("$c" + i, v[i]);
                }

                await insert.ExecuteNonQueryAsync();
            }
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"INSERT INTO \"ReviewTotals\" ({TotalColumns}) VALUES ($w, $s, $r, $c0, $c1, $c2, $c3, $c4, $c5)";
            foreach (var ((source, rating), v) in Totals(counters))
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$w", workspaceId);
                insert.Parameters.AddWithValue("$s", source);
                insert.Parameters.AddWithValue("$r", rating);
                for (var i = 0; i < 6; i++)
                {
                    insert.Parameters.AddWithValue("$c" + i, v[i]);
                }

                await insert.ExecuteNonQueryAsync();
            }
        }

        await BumpVersionAsync(connection, workspaceId, "$w");
        await transaction.CommitAsync();
        return counters.Count;
    }

    private static async Task<int> SeedPostgresAsync(string connectionString, string workspaceId, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var counters = new Dictionary<(DateOnly, string, int), int[]>();
        var now = DateTime.UtcNow;
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY \"Reviews\" ({ReviewColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in Generate(count, counters))
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(row.Id);
                await copy.WriteAsync(workspaceId);
                await copy.WriteAsync(row.Source);
                await copy.WriteAsync(row.ExternalId);
                await copy.WriteAsync(row.Author);
                await copy.WriteAsync(row.Rating, NpgsqlDbType.Integer);
                await copy.WriteAsync(row.Content);
                await copy.WriteAsync(row.Date, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(row.Answered ? "answered" : "unanswered");
                await copy.WriteAsync(row.Read, NpgsqlDbType.Boolean);
                await copy.WriteAsync(row.Service);
                await copy.WriteAsync(row.Sentiment);
                await copy.WriteAsync(row.Day, NpgsqlDbType.Date);
                await WriteNullableAsync(copy, row.Answered ? "Dziękujemy za opinię!" : null, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, row.ReplyDate, NpgsqlDbType.TimestampTz);
                await WriteNullableAsync(copy, row.Answered ? "manual" : null, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, row.ReplyDay, NpgsqlDbType.Date);
                await WriteNullableAsync(copy, row.Answered ? "published" : null, NpgsqlDbType.Text);
                await copy.WriteAsync(row.Answered ? 1 : 0, NpgsqlDbType.Integer);
                await WriteNullableAsync(copy, row.ReplyDate, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync($"COPY \"ReviewDailyStats\" ({CounterColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var ((day, source, rating), v) in counters)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(workspaceId);
                await copy.WriteAsync(day, NpgsqlDbType.Date);
                await copy.WriteAsync(source);
                await copy.WriteAsync(rating, NpgsqlDbType.Integer);
                foreach (var value in v)
                {
                    await copy.WriteAsync(value, NpgsqlDbType.Integer);
                }
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync($"COPY \"ReviewTotals\" ({TotalColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var ((source, rating), v) in Totals(counters))
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(workspaceId);
                await copy.WriteAsync(source);
                await copy.WriteAsync(rating, NpgsqlDbType.Integer);
                foreach (var value in v)
                {
                    await copy.WriteAsync(value, NpgsqlDbType.Integer);
                }
            }

            await copy.CompleteAsync();
        }

        await BumpVersionAsync(connection, workspaceId, "@w");
        // VACUUM too, not only ANALYZE: a database that has been running has been vacuumed, so its visibility map lets index-only
        // scans skip the table; right after COPY it is empty, and autovacuum would otherwise walk the million rows mid-measurement.
        // One statement per command: VACUUM cannot run inside the implicit transaction of a multi-statement batch.
        foreach (var table in new[] { "Reviews", "ReviewDailyStats", "ReviewTotals" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) \"{table}\"", connection) { CommandTimeout = 600 };
            await vacuum.ExecuteNonQueryAsync();
        }

        return counters.Count;
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await copy.WriteNullAsync();
        }
        else
        {
            await copy.WriteAsync(value, type);
        }
    }

    private static async Task BumpVersionAsync(DbConnection connection, string workspaceId, string parameter)
    {
        await using var bump = connection.CreateCommand();
        bump.CommandText = $"INSERT INTO \"ReviewDataVersions\" (\"WorkspaceId\", \"Version\") VALUES ({parameter}, 1) " +
                           $"ON CONFLICT (\"WorkspaceId\") DO UPDATE SET \"Version\" = \"ReviewDataVersions\".\"Version\" + 1";
        var p = bump.CreateParameter();
        p.ParameterName = parameter;
        p.Value = workspaceId;
        bump.Parameters.Add(p);
        await bump.ExecuteNonQueryAsync();
    }

    /// <summary>SQLite stores times as EF Core writes them (text, "yyyy-MM-dd HH:mm:ss.FFFFFFF") and dates as "yyyy-MM-dd".</summary>
    private static void Bind(SqliteParameter[] p, string workspaceId, Row row, DateTime now, bool sqlite)
    {
        static object Time(DateTime? t) => t is { } v ? v.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : DBNull.Value;
        static object Day(DateOnly? d) => d is { } v ? v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value;
        _ = sqlite;
        p[0].Value = row.Id;
        p[1].Value = workspaceId;
        p[2].Value = row.Source;
        p[3].Value = row.ExternalId;
        p[4].Value = row.Author;
        p[5].Value = row.Rating;
        p[6].Value = row.Content;
        p[7].Value = Time(row.Date);
        p[8].Value = row.Answered ? "answered" : "unanswered";
        p[9].Value = row.Read ? 1 : 0;
        p[10].Value = row.Service;
        p[11].Value = row.Sentiment;
        p[12].Value = Day(row.Day);
        p[13].Value = row.Answered ? "Dziękujemy za opinię!" : DBNull.Value;
        p[14].Value = Time(row.ReplyDate);
        p[15].Value = row.Answered ? "manual" : DBNull.Value;
        p[16].Value = Day(row.ReplyDay);
        p[17].Value = row.Answered ? "published" : DBNull.Value;
        p[18].Value = row.Answered ? 1 : 0;
        p[19].Value = Time(row.ReplyDate);
        p[20].Value = Time(now);
        p[21].Value = Time(now);
    }
}
