using System.Net;
using Npgsql;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Data;

/// <summary>Several instances started at once against one fresh PostgreSQL database (a rolling deploy, a scaled-out start).</summary>
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task InstancesStartingTogetherOnAFreshPostgresDatabaseApplyEachMigrationOnce()
    {
        if (Lanes.PostgresConnection is null)
        {
            return; // runs when PARLEY_TEST_POSTGRES names a server (CI's PostgreSQL lane)
        }

        var name = "parley_start_" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync(Lanes.PostgresConnection, $"CREATE DATABASE {name}");
        var connection = new NpgsqlConnectionStringBuilder(Lanes.PostgresConnection) { Database = name }.ConnectionString;
        var apps = Enumerable.Range(0, 3)
            .Select(_ => new ParleyApp(Lanes.Postgres, new Dictionary<string, string?> { ["ConnectionStrings:Parley"] = connection }))
            .ToList();
        try
        {
            var clients = await Task.WhenAll(apps.Select(app => Task.Run(app.CreateClient)));

            foreach (var client in clients)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            }

            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var history = new NpgsqlCommand("SELECT count(*), count(DISTINCT \"MigrationId\") FROM \"__EFMigrationsHistory\"", db);
            await using var reader = await history.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var (rows, distinct) = (reader.GetInt64(0), reader.GetInt64(1));
            Assert.Equal(distinct, rows);
            Assert.True(rows >= 10, $"expected every migration in the history, found {rows}");
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(Lanes.PostgresConnection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
