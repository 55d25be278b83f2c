using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Features.Workspaces;
using Parley.Platform.Tenancy;

namespace Parley.Features.Reviews;

/// <summary>A public review from a platform (or entered by hand), with the business's reply and its publication state.</summary>
public sealed class Review : IWorkspaceOwned
{
    public string Id { get; set; } = Platform.Ids.New();
    public required string WorkspaceId { get; set; }

    /// <summary>One of <see cref="ReviewSources"/>.</summary>
    public required string Source { get; set; }

    /// <summary>The review's id on its platform (unique per source in a workspace); for CSV rows without one, a content hash.</summary>
    public string? ExternalId { get; set; }

    public required string AuthorName { get; set; }
    public string? AuthorAvatar { get; set; }
    public int Rating { get; set; }
    public string Content { get; set; } = string.Empty;

    /// <summary>When the customer wrote the review (UTC).</summary>
    public DateTime Date { get; set; }

    /// <summary>One of <see cref="ReviewStatuses"/>: answered once a reply is stored.</summary>
    public string Status { get; set; } = ReviewStatuses.Unanswered;

    public bool IsRead { get; set; }
    public string? ServiceName { get; set; }
    public string? EmployeeName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? OrderNo { get; set; }

    /// <summary>positive / neutral / negative, from the built-in engine and the rating when the review is stored.</summary>
    public string Sentiment { get; set; } = "neutral";

    /// <summary>The workspace-local day of <see cref="Date"/> the statistics counted this review under (kept so updates hit the same bucket).</summary>
    public DateOnly StatsDay { get; set; }

    public string? ReplyContent { get; set; }
    public DateTime? ReplyDate { get; set; }

    /// <summary>Who replied, as shown to people (an email, "API key …", the auto-reply rule's name).</summary>
    public string? ReplyAuthor { get; set; }
    public string? ReplyAuthorUserId { get; set; }

    /// <summary>One of <see cref="ReplyOrigins"/>.</summary>
    public string? ReplyOrigin { get; set; }

    /// <summary>The workspace-local day the reply was counted under in the statistics.</summary>
    public DateOnly? ReplyStatsDay { get; set; }

    /// <summary>One of <see cref="PublicationStates"/>; null while there is no reply.</summary>
    public string? PublicationState { get; set; }
    public int PublicationAttempts { get; set; }
    public string? PublicationError { get; set; }
    public DateTime? PublicationUpdatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public string? PublicationExternalId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class ReviewSources
{
    public const string Google = "google";
    public const string Booksy = "booksy";
    public const string Facebook = "facebook";
    public const string Avito = "avito";
    public const string Manual = "manual";
    public static readonly IReadOnlyList<string> All = [Google, Booksy, Facebook, Avito, Manual];
}

public static class ReviewStatuses
{
    public const string Answered = "answered";
    public const string Unanswered = "unanswered";
    public static readonly IReadOnlyList<string> All = [Answered, Unanswered];
}

public static class ReplyOrigins
{
    /// <summary>Written by a person in Parley.</summary>
    public const string Manual = "manual";
    /// <summary>Sent by an auto-reply rule.</summary>
    public const string AutoReply = "auto_reply";
    /// <summary>Already present on the platform or in an imported file.</summary>
    public const string Imported = "imported";
}

/// <summary>
/// A reply's way to the platform: <c>pending → sending → published | failed</c>, or <c>manual</c> when the platform has no
/// reply API (Booksy) or no connector is configured and a person must post it there by hand. Stored before any external call.
/// </summary>
public static class PublicationStates
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Published = "published";
    public const string Failed = "failed";
    public const string Manual = "manual";
    public static readonly IReadOnlyList<string> All = [Pending, Sending, Published, Failed, Manual];
}

/// <summary>
/// Per workspace, workspace-local day, source and rating: counters kept up to date on every write, so statistics and
/// trends over a million reviews read a few thousand rows instead of the reviews themselves.
/// </summary>
public sealed class ReviewDailyStat : IWorkspaceOwned
{
    public required string WorkspaceId { get; set; }
    public DateOnly Day { get; set; }
    public required string Source { get; set; }
    public int Rating { get; set; }

    /// <summary>Reviews written on this day.</summary>
    public int Reviews { get; set; }

    /// <summary>Of those, how many have a reply.</summary>
    public int Answered { get; set; }

    /// <summary>Of those, how many have never been read.</summary>
    public int Unread { get; set; }

    public int Positive { get; set; }
    public int Neutral { get; set; }
    public int Negative { get; set; }

    /// <summary>Replies written on this day (to reviews of this source and rating, whenever those were written).</summary>
    public int Replies { get; set; }
}

/// <summary>
/// Per workspace, source and rating: the all-time totals of <see cref="ReviewDailyStat"/> (at most 25 rows a workspace), kept
/// up to date on every write, so list totals and statistics read a handful of rows whatever the number of reviews.
/// </summary>
public sealed class ReviewTotal : IWorkspaceOwned
{
    public required string WorkspaceId { get; set; }
    public required string Source { get; set; }
    public int Rating { get; set; }
    public int Reviews { get; set; }
    public int Answered { get; set; }
    public int Unread { get; set; }
    public int Positive { get; set; }
    public int Neutral { get; set; }
    public int Negative { get; set; }
}

/// <summary>Bumped in the same transaction as every change to a workspace's reviews: cached statistics and analyses key on it.</summary>
public sealed class ReviewDataVersion : IWorkspaceOwned
{
    public required string WorkspaceId { get; set; }
    public long Version { get; set; }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("Reviews");
        builder.Property(r => r.Id).HasMaxLength(32);
        builder.Property(r => r.WorkspaceId).HasMaxLength(32);
        builder.Property(r => r.Source).HasMaxLength(16);
        builder.Property(r => r.ExternalId).HasMaxLength(ReviewRules.ExternalIdMaxLength);
        builder.Property(r => r.AuthorName).HasMaxLength(ReviewRules.AuthorNameMaxLength);
        builder.Property(r => r.AuthorAvatar).HasMaxLength(ReviewRules.UrlMaxLength);
        builder.Property(r => r.Content).HasMaxLength(ReviewRules.ContentMaxLength);
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.Property(r => r.ServiceName).HasMaxLength(ReviewRules.ContextMaxLength);
        builder.Property(r => r.EmployeeName).HasMaxLength(ReviewRules.ContextMaxLength);
        builder.Property(r => r.Email).HasMaxLength(256);
        builder.Property(r => r.Phone).HasMaxLength(ReviewRules.PhoneMaxLength);
        builder.Property(r => r.OrderNo).HasMaxLength(ReviewRules.OrderNoMaxLength);
        builder.Property(r => r.Sentiment).HasMaxLength(16);
        builder.Property(r => r.ReplyContent).HasMaxLength(ReviewRules.ReplyMaxLength);
        builder.Property(r => r.ReplyAuthor).HasMaxLength(256);
        builder.Property(r => r.ReplyAuthorUserId).HasMaxLength(32);
        builder.Property(r => r.ReplyOrigin).HasMaxLength(16);
        builder.Property(r => r.PublicationState).HasMaxLength(16);
        builder.Property(r => r.PublicationError).HasMaxLength(1000);
        builder.Property(r => r.PublicationExternalId).HasMaxLength(256);

        // The list's filters and sorts, each answered by walking one index in order (Id breaks ties, so paging is stable):
        // newest/oldest overall, by status, by source; lowest rating first overall and among (un)answered; read state.
        // Source trails the ones led by status or rating: it orders nothing (Id is unique) but makes the index cover a source
        // filter too, so "answered from Booksy, newest" or "unanswered from Facebook, lowest" pick the page's ids from the
        // index alone (PostgreSQL: an index-only scan filtering on the entry) instead of reading each candidate row.
        builder.HasIndex(r => new { r.WorkspaceId, r.Source, r.ExternalId }).IsUnique();
        builder.HasIndex(r => new { r.WorkspaceId, r.Date, r.Id });
        builder.HasIndex(r => new { r.WorkspaceId, r.Status, r.Date, r.Id, r.Source });
        builder.HasIndex(r => new { r.WorkspaceId, r.Source, r.Date, r.Id });
        builder.HasIndex(r => new { r.WorkspaceId, r.Rating, r.Date, r.Id, r.Source }).IsDescending(false, false, true, true, false);
        builder.HasIndex(r => new { r.WorkspaceId, r.Status, r.Rating, r.Date, r.Id, r.Source }).IsDescending(false, false, false, true, true, false);
        builder.HasIndex(r => new { r.WorkspaceId, r.IsRead });
        // Rows by id under the tenancy filter (WorkspaceId = … AND Id IN (…)): without this index SQLite walks the workspace's
        // whole WorkspaceId index instead of looking each id up (0.7 s per page at a million reviews, 7 ms with it).
        builder.HasIndex(r => new { r.WorkspaceId, r.Id });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewDailyStatConfiguration : IEntityTypeConfiguration<ReviewDailyStat>
{
    public void Configure(EntityTypeBuilder<ReviewDailyStat> builder)
    {
        builder.ToTable("ReviewDailyStats");
        builder.HasKey(s => new { s.WorkspaceId, s.Day, s.Source, s.Rating });
        builder.Property(s => s.WorkspaceId).HasMaxLength(32);
        builder.Property(s => s.Source).HasMaxLength(16);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewTotalConfiguration : IEntityTypeConfiguration<ReviewTotal>
{
    public void Configure(EntityTypeBuilder<ReviewTotal> builder)
    {
        builder.ToTable("ReviewTotals");
        builder.HasKey(t => new { t.WorkspaceId, t.Source, t.Rating });
        builder.Property(t => t.WorkspaceId).HasMaxLength(32);
        builder.Property(t => t.Source).HasMaxLength(16);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewDataVersionConfiguration : IEntityTypeConfiguration<ReviewDataVersion>
{
    public void Configure(EntityTypeBuilder<ReviewDataVersion> builder)
    {
        builder.ToTable("ReviewDataVersions");
        builder.HasKey(v => v.WorkspaceId);
        builder.Property(v => v.WorkspaceId).HasMaxLength(32);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(v => v.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class ReviewRules
{
    public const int ExternalIdMaxLength = 200;
    public const int AuthorNameMaxLength = 200;
    public const int UrlMaxLength = 1000;
    public const int ContentMaxLength = 10_000;
    public const int ReplyMaxLength = 5_000;
    public const int ContextMaxLength = 200;
    public const int PhoneMaxLength = 32;
    public const int OrderNoMaxLength = 64;
}
