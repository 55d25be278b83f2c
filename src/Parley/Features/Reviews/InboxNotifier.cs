using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Feedback;
using Parley.Platform.Realtime;
using Parley.Platform.Tenancy;

namespace Parley.Features.Reviews;

/// <summary>Real-time events of the review inbox; <c>unread_counts_changed</c> always carries both counters.</summary>
public sealed class InboxNotifier(IServiceProvider services, IWorkspaceContext current, IWorkspaceEvents events)
{
    /// <summary>The auto-reply engine's seam: told when reviews or feedback are stored and when a person replies (it never throws).</summary>
    public AutoReply.IAutoReplyTrigger AutoReply => services.GetRequiredService<AutoReply.IAutoReplyTrigger>();

    public async Task PublishAsync(string eventName, object payload, CancellationToken cancellationToken)
    {
        if (current.WorkspaceId is { } workspaceId)
        {
            await events.PublishAsync(workspaceId, eventName, payload, cancellationToken);
        }
    }

    public async Task PublishUnreadCountsAsync(CancellationToken cancellationToken)
    {
        if (current.WorkspaceId is not { } workspaceId)
        {
            return;
        }

        // Resolved here, not injected: the two services both notify, and each needs the other's count.
        var reviews = await services.GetRequiredService<ReviewService>().UnreadCountAsync(cancellationToken);
        var feedback = await services.GetRequiredService<FeedbackService>().UnreadCountAsync(cancellationToken);
        await events.PublishAsync(workspaceId, ReviewEvents.UnreadCountsChanged, new UnreadCounts(reviews, feedback), cancellationToken);
    }
}

/// <summary>How the caller is shown as the author of a reply: their email, or the API key's name.</summary>
public sealed class CurrentActor(ParleyDb db, IWorkspaceContext current)
{
    public async Task<(string Display, string? UserId)> DescribeAsync(CancellationToken cancellationToken)
    {
        if (current.UserId is { } userId)
        {
            var email = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
            return (email ?? "User", userId);
        }

        if (current.ApiKeyId is { } keyId)
        {
            var name = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => k.Name).FirstOrDefaultAsync(cancellationToken);
            return ("API key: " + (name ?? keyId), null);
        }

        return ("System", null);
    }
}
