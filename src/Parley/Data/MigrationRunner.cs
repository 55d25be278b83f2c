using Microsoft.EntityFrameworkCore;
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
        // Migrate() also diffs the model against the snapshot (hundreds of ms); skip it when nothing is pending.
        // Model changes without a migration are caught by the test suite instead.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated ({Provider})")]
    private static partial void LogMigrated(ILogger logger, string provider);
}
