using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Parley.Data;

namespace Parley.Tests.Data;

/// <summary>The model's configurations are found in metadata; the reflection scan EF Core offers must find exactly the same.</summary>
public sealed class EntityConfigurationDiscoveryTests
{
    [Fact]
    public void TheMetadataScanFindsExactlyTheConfigurationsAReflectionScanFindsInTheSameOrder()
    {
        var assembly = typeof(ParleyDb).Assembly;
        var byReflection = assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }
                && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)))
            .ToList();

        var byMetadata = EntityConfigurations.Find(assembly);

        Assert.True(byReflection.Count >= 30, $"only {byReflection.Count} configurations found");
        Assert.Equal(byReflection, byMetadata);
    }
}

/// <summary>The app finds its migrations and snapshot in metadata; EF Core's own reflection scan must find exactly the same.</summary>
public sealed class MigrationDiscoveryTests
{
    [Fact]
    public void TheAppSeesTheSameMigrationsAndSnapshotAsEfCoresOwnScanForBothProviders()
    {
        using var scope = Infrastructure.Lanes.App(Infrastructure.Lanes.Sqlite).Services.CreateScope();
        var app = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        using var sqlite = new SqliteParleyDb(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite("Data Source=:memory:").Options, new Parley.Platform.Tenancy.WorkspaceContext());
        using var sqliteByMetadata = new SqliteParleyDb(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite("Data Source=:memory:")
            .ReplaceService<IMigrationsAssembly, MetadataMigrationsAssembly>().Options, new Parley.Platform.Tenancy.WorkspaceContext());
        using var postgres = new PostgresParleyDb(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql("Host=localhost;Database=unused").Options, new Parley.Platform.Tenancy.WorkspaceContext());
        using var postgresByMetadata = new PostgresParleyDb(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql("Host=localhost;Database=unused")
            .ReplaceService<IMigrationsAssembly, MetadataMigrationsAssembly>().Options, new Parley.Platform.Tenancy.WorkspaceContext());

        Assert.IsType<MetadataMigrationsAssembly>(app.GetService<IMigrationsAssembly>());
        Assert.Equal(sqlite.GetService<IMigrationsAssembly>().Migrations, sqliteByMetadata.GetService<IMigrationsAssembly>().Migrations);
        Assert.Equal(sqlite.GetService<IMigrationsAssembly>().ModelSnapshot!.GetType(), sqliteByMetadata.GetService<IMigrationsAssembly>().ModelSnapshot!.GetType());
        Assert.Equal(postgres.GetService<IMigrationsAssembly>().Migrations, postgresByMetadata.GetService<IMigrationsAssembly>().Migrations);
        Assert.Equal(postgres.GetService<IMigrationsAssembly>().ModelSnapshot!.GetType(), postgresByMetadata.GetService<IMigrationsAssembly>().ModelSnapshot!.GetType());
        Assert.NotEmpty(sqliteByMetadata.GetService<IMigrationsAssembly>().Migrations);
        Assert.False(sqliteByMetadata.Database.HasPendingModelChanges());
    }
}
