using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Ai.Sessions;

public enum LlmSessionStatus
{
    Active,
    Expired,
}

public enum LlmAskStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}

/// <summary>A conversation with the configured model; its history is sent with every question.</summary>
public sealed class LlmSession : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string Name { get; set; }
    public string? SystemPrompt { get; set; }
    public string? Model { get; set; }
    public LlmSessionStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastActivityAt { get; set; }
    public int MessageCount { get; set; }
}

public sealed class LlmMessage : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string SessionId { get; set; }
    /// <summary><c>user</c> or <c>assistant</c>.</summary>
    public required string Role { get; set; }
    public required string Content { get; set; }
    public string? Engine { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A question asked with <c>"async": true</c>: answered by a job, read back by id.</summary>
public sealed class LlmAsk : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string SessionId { get; set; }
    public required string Question { get; set; }
    public LlmAskStatus Status { get; set; }
    public string? Answer { get; set; }
    public string? Engine { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

internal sealed class LlmSessionConfiguration : IEntityTypeConfiguration<LlmSession>
{
    public void Configure(EntityTypeBuilder<LlmSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.WorkspaceId).HasMaxLength(32);
        builder.Property(s => s.Name).HasMaxLength(LlmRules.NameMaxLength);
        builder.Property(s => s.SystemPrompt).HasMaxLength(LlmRules.SystemPromptMaxLength);
        builder.Property(s => s.Model).HasMaxLength(200);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => new { s.WorkspaceId, s.Status, s.LastActivityAt });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LlmMessageConfiguration : IEntityTypeConfiguration<LlmMessage>
{
    public void Configure(EntityTypeBuilder<LlmMessage> builder)
    {
        builder.Property(m => m.Id).HasMaxLength(32);
        builder.Property(m => m.WorkspaceId).HasMaxLength(32);
        builder.Property(m => m.SessionId).HasMaxLength(32);
        builder.Property(m => m.Role).HasMaxLength(16);
        builder.Property(m => m.Engine).HasMaxLength(32);
        builder.HasIndex(m => new { m.SessionId, m.CreatedAt });
        builder.HasOne<LlmSession>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LlmAskConfiguration : IEntityTypeConfiguration<LlmAsk>
{
    public void Configure(EntityTypeBuilder<LlmAsk> builder)
    {
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.Property(a => a.WorkspaceId).HasMaxLength(32);
        builder.Property(a => a.SessionId).HasMaxLength(32);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Engine).HasMaxLength(32);
        builder.Property(a => a.Error).HasMaxLength(500);
        builder.HasOne<LlmSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class LlmRules
{
    public const int NameMaxLength = 200;
    public const int SystemPromptMaxLength = 8000;
}
