using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Ai;

/// <summary>A workspace's override of the global AI configuration; empty fields inherit it. The key is stored encrypted.</summary>
public sealed class WorkspaceAiSettings : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public string? Provider { get; set; }
    public string? Endpoint { get; set; }
    public string? Model { get; set; }
    public string? ApiKeyProtected { get; set; }
    public long? MonthlyTokenBudget { get; set; }
    /// <summary>The workspace's theme taxonomy as JSON (<c>{"theme": {"pl": [...], ...}}</c>); null uses the default.</summary>
    public string? ThemesJson { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One call through the AI layer: what answered, how long it took, what it cost. Feeds budgets and metrics.</summary>
public sealed class AiCall : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string Feature { get; set; }
    public required string Engine { get; set; }
    public string? Model { get; set; }
    public DateTime At { get; set; }
    public int LatencyMs { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    /// <summary>Why the model was not used or failed (timeout, rate_limited, error, invalid_output, budget); null when it answered.</summary>
    public string? FallbackReason { get; set; }
}

internal sealed class WorkspaceAiSettingsConfiguration : IEntityTypeConfiguration<WorkspaceAiSettings>
{
    public void Configure(EntityTypeBuilder<WorkspaceAiSettings> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.WorkspaceId).HasMaxLength(32);
        builder.Property(s => s.Provider).HasMaxLength(16);
        builder.Property(s => s.Endpoint).HasMaxLength(500);
        builder.Property(s => s.Model).HasMaxLength(200);
        builder.HasIndex(s => s.WorkspaceId).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AiCallConfiguration : IEntityTypeConfiguration<AiCall>
{
    public void Configure(EntityTypeBuilder<AiCall> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(32);
        builder.Property(c => c.WorkspaceId).HasMaxLength(32);
        builder.Property(c => c.Feature).HasMaxLength(64);
        builder.Property(c => c.Engine).HasMaxLength(32);
        builder.Property(c => c.Model).HasMaxLength(200);
        builder.Property(c => c.FallbackReason).HasMaxLength(64);
        builder.HasIndex(c => new { c.WorkspaceId, c.At });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
