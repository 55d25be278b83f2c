using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Parley.Data;

/// <summary>Applies pending migrations before the server takes requests (unless switched off).</summary>
internal sealed partial class MigrationRunner(IServiceProvider services, IOptions<DatabaseOptions> options, ILogger<MigrationRunner> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
        {
            return;
        }

        await MigrateAsync(services, cancellationToken);
        LogMigrated(logger, options.Value.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers and the writer work side by side; it is a property of the file, set once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (db.Database.IsPostgres())
        {
            // Several instances starting together against one database take turns. Without this, instances starting at the
            // same moment on a fresh database were seen applying the same migration twice (42P07 "relation already exists").
            // A session-level advisory lock (key 0x5061726C6579, "Parley") held on this connection around the whole
            // check-and-migrate makes every later instance find nothing pending.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(88379461756281)", cancellationToken);
                try
                {
                    await MigratePendingAsync(db, cancellationToken);
                }
                finally
                {
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(88379461756281)", CancellationToken.None);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return;
        }

        await MigratePendingAsync(db, cancellationToken);
    }

    private static async Task MigratePendingAsync(ParleyDb db, CancellationToken cancellationToken)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var all = db.Database.GetMigrations().ToList();
        if (all.TrueForAll(applied.Contains))
        {
            // Migrate() also diffs the model against the snapshot (hundreds of ms); skip it when nothing is pending.
            // Model changes without a migration are caught by the test suite instead.
            return;
        }

        if (applied.Count == 0 && await CreateFromModelAsync(db, all, cancellationToken))
        {
            return;
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// A database with no tables at all gets the current model's schema in one step and every migration recorded as applied,
    /// as replaying them would leave it (FreshDatabaseMigrationTests compares the two schemas), without building each
    /// migration's target model. One transaction: the schema and its history appear together or not at all; on SQLite it is
    /// taken IMMEDIATE, so instances starting together on one new file take turns, and the later ones find the tables and
    /// migrate as usual. Returns false, changing nothing, when the database already has tables or when the migrations do
    /// something the model alone cannot reproduce (see <see cref="BackfillDefaults"/>).
    /// </summary>
    internal static async Task<bool> CreateFromModelAsync(ParleyDb db, IReadOnlyList<string> migrations, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await creator.HasTablesAsync(cancellationToken))
        {
            return false;
        }

        var model = db.GetService<IDesignTimeModel>().Model;
        var operations = db.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel());
        if (!BackfillDefaults(db, migrations, operations))
        {
            return false;
        }

        var commands = db.GetService<IMigrationsSqlGenerator>().Generate(operations, model).ToList();
        var history = db.GetService<IHistoryRepository>();
        await db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>(), cancellationToken);

        var script = new StringBuilder(history.GetCreateIfNotExistsScript());
        foreach (var id in migrations)
        {
            script.Append(history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())));
        }

        await db.Database.ExecuteSqlRawAsync(script.ToString(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// A NOT NULL column added to an existing table carries the default its migration gave it to fill the rows already there
    /// (e.g. <c>defaultValue: false</c>), which the model does not have; a replayed database keeps it, so the created table
    /// gets it too. Any later operation on such a table (other than its indexes) might change or drop that default in ways
    /// only a replay shows, so then the database is migrated the usual way instead (false).
    /// </summary>
    private static bool BackfillDefaults(ParleyDb db, IReadOnlyList<string> migrations, IReadOnlyList<MigrationOperation> operations)
    {
        var assembly = db.GetService<IMigrationsAssembly>();
        var provider = db.Database.ProviderName!;
        var added = new List<AddColumnOperation>();
        foreach (var id in migrations)
        {
            foreach (var operation in assembly.CreateMigration(assembly.Migrations[id], provider).UpOperations)
            {
                switch (operation)
                {
                    case SqlOperation:
                        return false;
                    case AddColumnOperation column:
                        if (column.DefaultValue is not null || column.DefaultValueSql is not null)
                        {
                            added.Add(column);
                        }

                        break;
                    case CreateIndexOperation or DropIndexOperation or RenameIndexOperation or CreateTableOperation:
                        break;
                    case ITableMigrationOperation table when Touches(table.Table, table.Schema):
                    case DropTableOperation drop when Touches(drop.Name, drop.Schema):
                    case RenameTableOperation rename when Touches(rename.Name, rename.Schema):
                    case AlterTableOperation alter when Touches(alter.Name, alter.Schema):
                        return false;
                }
            }
        }

        foreach (var column in added)
        {
            var created = operations.OfType<CreateTableOperation>()
                .SingleOrDefault(t => t.Name == column.Table && t.Schema == column.Schema)?.Columns.SingleOrDefault(c => c.Name == column.Name);
            if (created is null || created.DefaultValue is not null || created.DefaultValueSql is not null)
            {
                return false;
            }

            created.DefaultValue = column.DefaultValue;
            created.DefaultValueSql = column.DefaultValueSql;
        }

        return true;

        bool Touches(string table, string? schema) => added.Exists(a => a.Table == table && a.Schema == schema);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated ({Provider})")]
    private static partial void LogMigrated(ILogger logger, string provider);
}
