using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Parley.Data;
using Parley.Platform.Tenancy;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Data;

/// <summary>
/// A new database is created from the current model in one step (<see cref="MigrationRunner.CreateFromModelAsync"/>) instead of
/// replaying every migration; these tests hold that the two give the same schema and history, and that migrations still apply
/// on top of a database created that way.
/// </summary>
public sealed class FreshDatabaseMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-fresh-").FullName;

    [Fact]
    public async Task SqliteCreatedFromTheModelMatchesReplayedMigrations()
    {
        await using var replayed = Sqlite("replayed.db");
        await replayed.Database.MigrateAsync();
        await using var created = Sqlite("created.db");
        Assert.True(await MigrationRunner.CreateFromModelAsync(created, created.Database.GetMigrations().ToList(), CancellationToken.None));

        var expected = await SqliteSchemaAsync(replayed);
        Assert.Contains("table \"Reviews\"", expected, StringComparison.Ordinal);
        Assert.Equal(expected, await SqliteSchemaAsync(created));
        Assert.Equal(await HistoryAsync(replayed), await HistoryAsync(created));
    }

    [Fact]
    public async Task SqliteMigrationsApplyOnTopOfADatabaseCreatedFromTheModel()
    {
        await using var replayed = Sqlite("replayed.db");
        await replayed.Database.MigrateAsync();
        await using var created = Sqlite("created.db");
        var migrations = created.Database.GetMigrations().ToList();
        Assert.True(await MigrationRunner.CreateFromModelAsync(created, migrations, CancellationToken.None));

        // Take the newest migration back down, then let the usual path apply it again on the created schema.
        await created.GetService<IMigrator>().MigrateAsync(migrations[^2]);
        Assert.Equal(new[] { migrations[^1] }, (await created.Database.GetPendingMigrationsAsync()).ToArray());
        await created.Database.MigrateAsync();

        Assert.Empty(await created.Database.GetPendingMigrationsAsync());
        Assert.Equal(await SqliteSchemaAsync(replayed), await SqliteSchemaAsync(created));
    }

    [Fact]
    public async Task ADatabaseWithTablesIsLeftToTheMigrations()
    {
        await using var db = Sqlite("existing.db");
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE \"Unrelated\" (\"Id\" INTEGER NOT NULL)");

        Assert.False(await MigrationRunner.CreateFromModelAsync(db, db.Database.GetMigrations().ToList(), CancellationToken.None));
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task PostgresCreatedFromTheModelMatchesReplayedMigrations()
    {
        if (Lanes.PostgresConnection is null)
        {
            return; // runs when PARLEY_TEST_POSTGRES names a server (CI's PostgreSQL lane)
        }

        var suffix = Guid.NewGuid().ToString("N")[..10];
        var names = new[] { "parley_replayed_" + suffix, "parley_created_" + suffix };
        foreach (var name in names)
        {
            await PostgresExecuteAsync(Lanes.PostgresConnection, $"CREATE DATABASE {name}");
        }

        try
        {
            await using var replayed = Postgres(names[0]);
            await replayed.Database.MigrateAsync();
            await using var created = Postgres(names[1]);
            var migrations = created.Database.GetMigrations().ToList();
            Assert.True(await MigrationRunner.CreateFromModelAsync(created, migrations, CancellationToken.None));

            var expected = await PostgresSchemaAsync(replayed);
            Assert.Contains("table Reviews", expected, StringComparison.Ordinal);
            Assert.Equal(expected, await PostgresSchemaAsync(created));
            Assert.Equal(await HistoryAsync(replayed), await HistoryAsync(created));

            await created.GetService<IMigrator>().MigrateAsync(migrations[^2]);
            await created.Database.MigrateAsync();
            Assert.Equal(expected, await PostgresSchemaAsync(created));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var name in names)
            {
                await PostgresExecuteAsync(Lanes.PostgresConnection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private SqliteParleyDb Sqlite(string file) =>
        new(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite($"Data Source={Path.Combine(_directory, file)}").Options, new WorkspaceContext());

    private static PostgresParleyDb Postgres(string database) =>
        new(new DbContextOptionsBuilder<PostgresParleyDb>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(Lanes.PostgresConnection) { Database = database }.ConnectionString).Options, new WorkspaceContext());

    /// <summary>
    /// Every table with its columns (declared type, NOT NULL, default, primary-key position), indexes (uniqueness, origin,
    /// partial filter, key columns with order and collation) and foreign keys. Column order within a table is not compared:
    /// a column added by a later migration comes last in a replayed table but in model order in a created one, and nothing
    /// in Parley depends on column position. EF Core's own lock table, which Migrate() leaves behind, is not part of the schema.
    /// </summary>
    private static async Task<string> SqliteSchemaAsync(DbContext db)
    {
        var tables = await QueryAsync(db,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsLock' ORDER BY name");
        var schema = new StringBuilder();
        foreach (var table in tables.Select(row => row[0]))
        {
            schema.AppendLine($"table \"{table}\"");
            foreach (var column in (await QueryAsync(db, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')"))
                         .Select(row => "  column " + string.Join(" | ", row)).Order(StringComparer.Ordinal))
            {
                schema.AppendLine(column);
            }

            foreach (var index in await QueryAsync(db,
                         $"SELECT l.name, l.\"unique\", l.origin, l.partial, m.sql FROM pragma_index_list('{table}') l " +
                         $"LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name ORDER BY l.name"))
            {
                var name = index[0];
                // Auto-indexes (primary keys, UNIQUE constraints) have generated names; they are compared by their columns.
                var label = name.StartsWith("sqlite_autoindex_", StringComparison.Ordinal) ? "(auto)" : name;
                var filter = index[4].IndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase) is var at and >= 0 ? index[4][at..] : "";
                var keys = await QueryAsync(db, $"SELECT seqno, name, \"desc\", coll FROM pragma_index_xinfo('{name}') WHERE key = 1 ORDER BY seqno");
                schema.AppendLine($"  index {label} unique={index[1]} origin={index[2]} partial={index[3]} {filter} on ({string.Join(", ", keys.Select(k => string.Join(" ", k.Skip(1))))})");
            }

            foreach (var key in (await QueryAsync(db,
                         $"SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" FROM pragma_foreign_key_list('{table}')"))
                         .Select(row => "  foreign key " + string.Join(" | ", row.Skip(1))).Order(StringComparer.Ordinal))
            {
                schema.AppendLine(key);
            }
        }

        return schema.ToString();
    }

    /// <summary>Tables and columns (type, nullability, default, identity), indexes (full definition) and constraints of the public schema.</summary>
    private static async Task<string> PostgresSchemaAsync(DbContext db)
    {
        var schema = new StringBuilder();
        foreach (var table in (await QueryAsync(db,
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '__EFMigrationsLock' ORDER BY table_name"))
                 .Select(row => row[0]))
        {
            schema.AppendLine($"table {table}");
            foreach (var row in await QueryAsync(db,
                         "SELECT column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, " +
                         "numeric_scale, is_identity, identity_generation, collation_name FROM information_schema.columns " +
                         $"WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY column_name"))
            {
                schema.AppendLine("  column " + string.Join(" | ", row));
            }

            foreach (var row in await QueryAsync(db,
                         $"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = '{table}' ORDER BY indexname"))
            {
                schema.AppendLine("  index " + string.Join(" | ", row));
            }

            foreach (var row in await QueryAsync(db,
                         "SELECT c.conname, c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid " +
                         $"WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = '{table}' ORDER BY c.conname"))
            {
                schema.AppendLine("  constraint " + string.Join(" | ", row));
            }
        }

        return schema.ToString();
    }

    private static async Task<string> HistoryAsync(DbContext db) =>
        string.Join("\n", (await QueryAsync(db, "SELECT \"MigrationId\", \"ProductVersion\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\""))
            .Select(row => string.Join(" ", row)));

    private static async Task<List<string[]>> QueryAsync(DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            var rows = new List<string[]>();
            while (await reader.ReadAsync())
            {
                var row = new string[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                }

                rows.Add(row);
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task PostgresExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
