using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Accounts;
using Parley.Platform.Tenancy;

namespace Parley.Features.Workspaces;

/// <summary>One business. Its public slug names it on public pages and endpoints.</summary>
public sealed class Workspace
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string TimeZone { get; set; } = "Europe/Warsaw";
    public string Locale { get; set; } = "pl";
    public string Plan { get; set; } = "free";
    public DateTime CreatedAt { get; set; }
}

public sealed class WorkspaceMember : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string UserId { get; set; }
    public WorkspaceRole Role { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A pending invitation; the token is shown once to whoever invites and stored only as its hash.</summary>
public sealed class WorkspaceInvitation : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string Email { get; set; }
    public WorkspaceRole Role { get; set; }
    public required string TokenHash { get; set; }
    public string? InvitedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
}

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.Property(w => w.Id).HasMaxLength(32);
        builder.Property(w => w.Name).HasMaxLength(WorkspaceRules.NameMaxLength);
        builder.Property(w => w.Slug).HasMaxLength(WorkspaceRules.SlugMaxLength);
        builder.Property(w => w.TimeZone).HasMaxLength(64);
        builder.Property(w => w.Locale).HasMaxLength(8);
        builder.Property(w => w.Plan).HasMaxLength(32);
        builder.HasIndex(w => w.Slug).IsUnique();
    }
}

internal sealed class WorkspaceMemberConfiguration : IEntityTypeConfiguration<WorkspaceMember>
{
    public void Configure(EntityTypeBuilder<WorkspaceMember> builder)
    {
        builder.Property(m => m.Id).HasMaxLength(32);
        builder.Property(m => m.WorkspaceId).HasMaxLength(32);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(m => new { m.WorkspaceId, m.UserId }).IsUnique();
        builder.HasIndex(m => m.UserId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ParleyUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkspaceInvitationConfiguration : IEntityTypeConfiguration<WorkspaceInvitation>
{
    public void Configure(EntityTypeBuilder<WorkspaceInvitation> builder)
    {
        builder.Property(i => i.Id).HasMaxLength(32);
        builder.Property(i => i.WorkspaceId).HasMaxLength(32);
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
