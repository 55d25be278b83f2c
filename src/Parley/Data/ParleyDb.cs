using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Parley.Features.Accounts;
using Parley.Features.ApiKeys;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Data;

/// <summary>
/// The one model shared by both providers. Each provider has a subclass only so that it can own its
/// migrations (see <see cref="SqliteParleyDb"/> and <see cref="PostgresParleyDb"/>).
/// </summary>
public abstract class ParleyDb(DbContextOptions options, IWorkspaceContext workspace)
    : IdentityDbContext<ParleyUser>(options), IDataProtectionKeyContext
{
    /// <summary>Read by the global query filters; a context without a workspace sees no tenant rows.</summary>
    public string? CurrentWorkspaceId => workspace.WorkspaceId;

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<WorkspaceInvitation> WorkspaceInvitations => Set<WorkspaceInvitation>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Found in metadata, not by loading every type of the assembly (see EntityConfigurations).
        EntityConfigurations.ApplyFrom(builder, typeof(ParleyDb).Assembly);
        ApplyWorkspaceFilters(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    private void ApplyWorkspaceFilters(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (!typeof(IWorkspaceOwned).IsAssignableFrom(entity.ClrType) || entity.BaseType is not null)
            {
                continue;
            }

            var row = Expression.Parameter(entity.ClrType, "row");
            var rowWorkspace = Expression.Property(row, nameof(IWorkspaceOwned.WorkspaceId));
            var current = Expression.Property(Expression.Constant(this), nameof(CurrentWorkspaceId));
            var filter = Expression.Lambda(Expression.Equal(rowWorkspace, current), row);
            builder.Entity(entity.ClrType).HasQueryFilter(filter);
            builder.Entity(entity.ClrType).HasIndex(nameof(IWorkspaceOwned.WorkspaceId));
        }
    }

    /// <summary>Stores UTC and reads back UTC: SQLite keeps no kind, and PostgreSQL's timestamptz insists on UTC.</summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

public sealed class SqliteParleyDb(DbContextOptions<SqliteParleyDb> options, IWorkspaceContext workspace)
    : ParleyDb(options, workspace);

public sealed class PostgresParleyDb(DbContextOptions<PostgresParleyDb> options, IWorkspaceContext workspace)
    : ParleyDb(options, workspace);
