using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Contacts;
using Parley.Features.Knowledge;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Chat;

/// <summary><c>bot</c> answers; <c>handoff</c> waits for a person (the bot is quiet); <c>agent</c> a person took over; <c>closed</c>.</summary>
public enum ConversationStatus
{
    Bot,
    Handoff,
    Agent,
    Closed,
}

public enum MessageRole
{
    Visitor,
    Bot,
    Agent,
    System,
}

/// <summary>
/// One visitor's website chat. The visitor holds the session id (a 256-bit secret kept in their browser); only its SHA-256 is
/// stored, so the database alone cannot be used to read along.
/// </summary>
public sealed class Conversation : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string SessionHash { get; set; }
    public required string ContactId { get; set; }
    public string? Language { get; set; }
    public ConversationStatus Status { get; set; }
    /// <summary>The person who took over, when one did (a user id; null for an API key).</summary>
    public string? AssignedUserId { get; set; }
    /// <summary>How the visitor sees the person who took over.</summary>
    public string? AssignedName { get; set; }
    /// <summary>Visitor messages no team member has read yet.</summary>
    public int UnreadCount { get; set; }
    public int MessageCount { get; set; }
    public DateTime LastMessageAt { get; set; }
    public string? LastMessagePreview { get; set; }
    /// <summary>The page the chat started on, as the widget reported it.</summary>
    public string? PageUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? HandoffAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}

public sealed class ConversationMessage : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string ConversationId { get; set; }
    public MessageRole Role { get; set; }
    public required string Text { get; set; }
    /// <summary>Which engine wrote a bot message (as the answerer reports it).</summary>
    public string? Engine { get; set; }
    /// <summary>What the answerer made of the visitor's message (answer, greeting, handoff, clarify, unknown, …) — on bot messages.</summary>
    public ChatAnswerKind? AnswerKind { get; set; }
    public double? Confidence { get; set; }
    /// <summary>Knowledge entries a bot answer used.</summary>
    public List<ChatSource> Sources { get; set; } = [];
    public string? AuthorUserId { get; set; }
    public string? AuthorName { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>For visitor messages: when a team member read it; for the team's messages: when the visitor did.</summary>
    public DateTime? ReadAt { get; set; }
}

public static class ChatRules
{
    public const int PreviewLength = 140;
    public const int PageUrlMaxLength = 500;
    public const int NameMaxLength = 100;

    public static string Preview(string text) => text.Length <= PreviewLength ? text : text[..(PreviewLength - 1)] + "…";
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("ChatConversations");
        builder.Property(c => c.Id).HasMaxLength(32);
        builder.Property(c => c.WorkspaceId).HasMaxLength(32);
        builder.Property(c => c.SessionHash).HasMaxLength(64);
        builder.Property(c => c.ContactId).HasMaxLength(32);
        builder.Property(c => c.Language).HasMaxLength(8);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.AssignedUserId).HasMaxLength(64);
        builder.Property(c => c.AssignedName).HasMaxLength(ChatRules.NameMaxLength);
        builder.Property(c => c.LastMessagePreview).HasMaxLength(ChatRules.PreviewLength);
        builder.Property(c => c.PageUrl).HasMaxLength(ChatRules.PageUrlMaxLength);
        builder.HasIndex(c => new { c.WorkspaceId, c.SessionHash }).IsUnique();
        builder.HasIndex(c => new { c.WorkspaceId, c.LastMessageAt });
        builder.HasIndex(c => c.ContactId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Contact>().WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationMessageConfiguration : IEntityTypeConfiguration<ConversationMessage>
{
    private static readonly JsonSerializerOptions SourceJson = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<ConversationMessage> builder)
    {
        builder.ToTable("ChatMessages");
        builder.Property(m => m.Id).HasMaxLength(32);
        builder.Property(m => m.WorkspaceId).HasMaxLength(32);
        builder.Property(m => m.ConversationId).HasMaxLength(32);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Engine).HasMaxLength(32);
        builder.Property(m => m.AnswerKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.AuthorUserId).HasMaxLength(64);
        builder.Property(m => m.AuthorName).HasMaxLength(ChatRules.NameMaxLength);
        builder.Property(m => m.Sources).HasConversion(
                v => v.Count == 0 ? "[]" : JsonSerializer.Serialize(v, SourceJson),
                v => v == "[]" ? new List<ChatSource>() : JsonSerializer.Deserialize<List<ChatSource>>(v, SourceJson) ?? new List<ChatSource>(),
                new ValueComparer<List<ChatSource>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()))
            .HasColumnName("SourcesJson");
        // With the id, the index gives the (time, id) order history and "after" paging read, so only the rows returned are read.
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt, m.Id });
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
