using System.Collections.Concurrent;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The databases and caches the suite runs against. A test that takes a lane runs once per lane that is configured, so
/// CI (which sets both variables) covers PostgreSQL and Redis with the same tests that run locally on SQLite.
/// </summary>
public static class Lanes
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string Redis = "sqlite+redis";

    public static string? PostgresConnection => Environment.GetEnvironmentVariable("PARLEY_TEST_POSTGRES") is { Length: > 0 } v ? v : null;
    public static string? RedisConnection => Environment.GetEnvironmentVariable("PARLEY_TEST_REDIS") is { Length: > 0 } v ? v : null;

    public static IEnumerable<string> Configured()
    {
        yield return Sqlite;
        if (PostgresConnection is not null)
        {
            yield return Postgres;
        }

        if (RedisConnection is not null)
        {
            yield return Redis;
        }
    }

    /// <summary>xunit member data: one row per configured lane.</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var lane in Configured())
            {
                data.Add(lane);
            }

            return data;
        }
    }

    private static readonly ConcurrentDictionary<string, Lazy<ParleyApp>> Apps = new();

    /// <summary>The shared app of a lane, started once for the whole run.</summary>
    public static ParleyApp App(string lane) => Apps.GetOrAdd(lane, l => new Lazy<ParleyApp>(() =>
    {
        var app = new ParleyApp(l);
        _ = app.Server;
        return app;
    })).Value;
}
