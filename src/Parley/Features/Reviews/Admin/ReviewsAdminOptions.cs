using System.ComponentModel.DataAnnotations;

namespace Parley.Features.Reviews.Admin;

/// <summary>Configuration section <c>ReviewsAdmin</c>: the review pages of the admin UI.</summary>
public sealed class ReviewsAdminOptions
{
    public const string Section = "ReviewsAdmin";

    /// <summary>
    /// With Redis configured (several instances), the unread badges are also recounted this often: events published by another
    /// instance reach browsers through the hub's backplane, but not the circuits of this one. Unused on a single instance.
    /// </summary>
    [Range(5, 3600)] public int InboxRefreshSeconds { get; set; } = 30;
}
