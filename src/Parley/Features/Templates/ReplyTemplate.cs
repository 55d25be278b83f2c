using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Templates;

/// <summary>A reply template for one rating. Content is text with variables stored as HTML mention tags (see <see cref="TemplateRenderer"/>).</summary>
public sealed class ReplyTemplate : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }
    public required string Name { get; set; }

    /// <summary>Sanitised: only text (HTML-escaped) and canonical mention tags.</summary>
    public required string Content { get; set; }

    public int Rating { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>Whether auto-reply rules may use this template.</summary>
    public bool AutoReply { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class TemplateRules
{
    public const int NameMaxLength = 200;
    public const int ContentMaxLength = 5_000;
    public const int BulkMaxIds = 500;
}

internal sealed class ReplyTemplateConfiguration : IEntityTypeConfiguration<ReplyTemplate>
{
    public void Configure(EntityTypeBuilder<ReplyTemplate> builder)
    {
        builder.ToTable("ReplyTemplates");
        builder.Property(t => t.Id).HasMaxLength(32);
        builder.Property(t => t.WorkspaceId).HasMaxLength(32);
        builder.Property(t => t.Name).HasMaxLength(TemplateRules.NameMaxLength);
        // Stored content grows when variables become mention tags; the limit applies to what the client sends.
        builder.Property(t => t.Content).HasMaxLength(TemplateRules.ContentMaxLength * 4);
        builder.HasIndex(t => new { t.WorkspaceId, t.Rating });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
