using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform.Tenancy;

namespace Parley.Tests.Data;

/// <summary>Fails when the model changed but a provider's migrations were not regenerated.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void SqliteHasAMigrationForEveryModelChange()
    {
        using var db = new SqliteParleyDb(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite("Data Source=:memory:").Options, new WorkspaceContext());
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqliteParleyDb --output-dir Data/Migrations/Sqlite");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void PostgresHasAMigrationForEveryModelChange()
    {
        using var db = new PostgresParleyDb(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql("Host=localhost;Database=unused").Options, new WorkspaceContext());
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context PostgresParleyDb --output-dir Data/Migrations/Postgres");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void EachProviderSeesOnlyItsOwnMigrations()
    {
        using var sqlite = new SqliteParleyDb(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite("Data Source=:memory:").Options, new WorkspaceContext());
        using var postgres = new PostgresParleyDb(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql("Host=localhost;Database=unused").Options, new WorkspaceContext());
        Assert.Empty(sqlite.Database.GetMigrations().Intersect(postgres.Database.GetMigrations()));
    }
}
