using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Parley.Platform.Tenancy;

namespace Parley.Data;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (default, zero set-up) or <c>postgres</c>.</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Database:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Apply pending migrations at start-up; switch off to run <c>migrate</c> as a separate step.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public bool IsPostgres => Provider == "postgres";
}

public static class DataSetup
{
    public const string DefaultSqlite = "Data Source=data/parley.db";

    public static IServiceCollection AddParleyData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Parley");

        services.AddScoped<WorkspaceContext>();
        services.AddScoped<IWorkspaceContext>(sp => sp.GetRequiredService<WorkspaceContext>());

        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new OptionsValidationException("ConnectionStrings:Parley", typeof(DatabaseOptions),
                    ["ConnectionStrings:Parley must name the PostgreSQL server when Database:Provider is 'postgres'."]);
            }

            AddPostgres(services, connectionString);
        }
        else
        {
            var sqlite = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString;
            EnsureSqliteDirectory(sqlite);
            services.AddDbContext<ParleyDb, SqliteParleyDb>(o => o.UseSqlite(sqlite).UseParleyMigrations());
        }

        services.AddHostedService<MigrationRunner>();
        return services;
    }

    // Not inlined: a SQLite install never compiles this, so the PostgreSQL provider's assemblies stay unloaded.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddPostgres(IServiceCollection services, string connectionString)
    {
        var prepared = WithAutoPrepare(connectionString);
        services.AddDbContext<ParleyDb, PostgresParleyDb>(o => o.UseNpgsql(prepared).UseParleyMigrations());
    }

    /// <summary>Statements each connection keeps prepared on the server unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The PostgreSQL connection string with Npgsql's automatic preparation switched on (<c>Max Auto Prepare=64</c>) when it
    /// does not set it: a statement run a few times on a connection is prepared on the server, so later runs skip parsing and
    /// planning. Parley's queries are few and repeated (the review list's shapes, the key lookup, counters); on the reviews
    /// benchmark this alone took the list from 232 to 416 requests/s. An explicit value wins — <c>Max Auto Prepare=0</c> for PgBouncer in transaction
    /// mode before 1.21, which cannot keep prepared statements.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (builder.ContainsKey("Max Auto Prepare") || builder.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        builder["Max Auto Prepare"] = DefaultMaxAutoPrepare;
        return builder.ConnectionString;
    }

    /// <summary>
    /// Migrations found in metadata, not by loading every type at start-up (see <see cref="MetadataMigrationsAssembly"/>).
    /// Migrating does not diff the model against the snapshot first (EF Core builds the snapshot's model for that, hundreds of
    /// milliseconds on every start with pending migrations); a model change without its migration fails MigrationTests instead.
    /// </summary>
    private static DbContextOptionsBuilder UseParleyMigrations(this DbContextOptionsBuilder options)
    {
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return typeof(ParleyDb).Assembly.Location.Length == 0 ? options : options.ReplaceService<IMigrationsAssembly, MetadataMigrationsAssembly>();
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }
    }
}
