using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Feedback;

/// <summary>Private feedback caught before it became a public review (feedback page, or entered through the API).</summary>
public sealed class InterceptedFeedback : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }

    /// <summary>When it was received (UTC).</summary>
    public DateTime Date { get; set; }

    public int Rating { get; set; }
    public string Comment { get; set; } = string.Empty;

    /// <summary>One of <see cref="FeedbackStatuses"/>.</summary>
    public string Status { get; set; } = FeedbackStatuses.New;

    public string Name { get; set; } = string.Empty;
    public string Surname { get; set; } = string.Empty;
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? OrderNo { get; set; }
    public string? ServiceName { get; set; }
    public string? EmployeeName { get; set; }

    /// <summary>One of <see cref="FeedbackOrigins"/>.</summary>
    public string Origin { get; set; } = FeedbackOrigins.Api;

    /// <summary>
    /// The location whose public feedback page filed it (<c>default</c> for <c>/f/{slug}</c>); null when it was entered otherwise
    /// (the API without a location, or before locations were recorded).
    /// </summary>
    public string? LocationId { get; set; }

    public string? ReplyContent { get; set; }
    public DateTime? ReplyDate { get; set; }
    public string? ReplyAuthor { get; set; }
    public string? ReplyAuthorUserId { get; set; }

    /// <summary>The outbox message that carries the reply to the customer; null when no email was known.</summary>
    public string? ReplyEmailId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class FeedbackStatuses
{
    public const string New = "new";
    public const string Read = "read";
    public const string Replied = "replied";
    public static readonly IReadOnlyList<string> All = [New, Read, Replied];
}

public static class FeedbackOrigins
{
    public const string Api = "api";
    public const string PublicPage = "public";
}

public static class FeedbackRules
{
    public const int CommentMaxLength = 5_000;
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 32;
    public const int OrderNoMaxLength = 64;
    public const int ContextMaxLength = 200;
    public const int ReplyMaxLength = 5_000;
    public const int LocationIdMaxLength = 64;
}

internal sealed class InterceptedFeedbackConfiguration : IEntityTypeConfiguration<InterceptedFeedback>
{
    public void Configure(EntityTypeBuilder<InterceptedFeedback> builder)
    {
        builder.ToTable("InterceptedFeedbacks");
        builder.Property(f => f.Id).HasMaxLength(32);
        builder.Property(f => f.WorkspaceId).HasMaxLength(32);
        builder.Property(f => f.Comment).HasMaxLength(FeedbackRules.CommentMaxLength);
        builder.Property(f => f.Status).HasMaxLength(16);
        builder.Property(f => f.Name).HasMaxLength(FeedbackRules.NameMaxLength);
        builder.Property(f => f.Surname).HasMaxLength(FeedbackRules.NameMaxLength);
        builder.Property(f => f.Email).HasMaxLength(FeedbackRules.EmailMaxLength);
        builder.Property(f => f.Phone).HasMaxLength(FeedbackRules.PhoneMaxLength);
        builder.Property(f => f.OrderNo).HasMaxLength(FeedbackRules.OrderNoMaxLength);
        builder.Property(f => f.ServiceName).HasMaxLength(FeedbackRules.ContextMaxLength);
        builder.Property(f => f.EmployeeName).HasMaxLength(FeedbackRules.ContextMaxLength);
        builder.Property(f => f.Origin).HasMaxLength(16);
        builder.Property(f => f.LocationId).HasMaxLength(FeedbackRules.LocationIdMaxLength);
        builder.Property(f => f.ReplyContent).HasMaxLength(FeedbackRules.ReplyMaxLength);
        builder.Property(f => f.ReplyAuthor).HasMaxLength(256);
        builder.Property(f => f.ReplyAuthorUserId).HasMaxLength(32);
        builder.Property(f => f.ReplyEmailId).HasMaxLength(32);
        builder.HasIndex(f => new { f.WorkspaceId, f.Date });
        builder.HasIndex(f => new { f.WorkspaceId, f.Status, f.Date });
        builder.HasIndex(f => new { f.WorkspaceId, f.Rating, f.Date });
        builder.HasIndex(f => new { f.WorkspaceId, f.LocationId, f.Date });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(f => f.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
