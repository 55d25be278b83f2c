using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Knowledge;

/// <summary>
/// One knowledge entry of any kind. The kind's own fields live in <see cref="Data"/> as the entry's JSON, so nine kinds share
/// one table, one import path and one index feed. Ids are unique per workspace, so an export imports into another workspace intact.
/// </summary>
public sealed class KnowledgeEntry : IWorkspaceOwned
{
    public required string WorkspaceId { get; set; }
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public required string Language { get; set; }
    /// <summary>Copied from the item for listing and sorting without reading the JSON.</summary>
    public required string Title { get; set; }
    public required string Data { get; set; }
    /// <summary>Not used for answers, search or the public endpoints until published (see <see cref="KnowledgeItem.Draft"/>).</summary>
    public bool Draft { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A workspace's knowledge-base version: raised in the same transaction as every change. Each instance compares it with the
/// version of its in-memory search index and rebuilds when they differ, so every instance follows every change.
/// </summary>
public sealed class KnowledgeBaseState : IWorkspaceOwned
{
    public required string WorkspaceId { get; set; }
    public long Version { get; set; }
    public DateTime ChangedAt { get; set; }
    public string? ReindexStatus { get; set; }
    public DateTime? ReindexRequestedAt { get; set; }
    public DateTime? ReindexStartedAt { get; set; }
    public DateTime? ReindexFinishedAt { get; set; }
    public int ReindexDocuments { get; set; }
    public string? ReindexError { get; set; }
}

internal sealed class KnowledgeEntryConfiguration : IEntityTypeConfiguration<KnowledgeEntry>
{
    public void Configure(EntityTypeBuilder<KnowledgeEntry> builder)
    {
        builder.HasKey(e => new { e.WorkspaceId, e.Id });
        builder.Property(e => e.WorkspaceId).HasMaxLength(32);
        builder.Property(e => e.Id).HasMaxLength(KnowledgeRules.IdMaxLength);
        builder.Property(e => e.Kind).HasMaxLength(16);
        builder.Property(e => e.Language).HasMaxLength(8);
        builder.Property(e => e.Title).HasMaxLength(KnowledgeRules.ShortMax);
        builder.HasIndex(e => new { e.WorkspaceId, e.Kind, e.Language });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KnowledgeBaseStateConfiguration : IEntityTypeConfiguration<KnowledgeBaseState>
{
    public void Configure(EntityTypeBuilder<KnowledgeBaseState> builder)
    {
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.WorkspaceId).HasMaxLength(32);
        builder.Property(s => s.ReindexStatus).HasMaxLength(16);
        builder.Property(s => s.ReindexError).HasMaxLength(1000);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
