using Microsoft.EntityFrameworkCore;
using Parley.Data;

namespace Parley.Features.Reviews;

/// <summary>
/// Carries a stored reply to the review's platform: the reply is stored already claimed (<c>sending</c>, in the same commit
/// as the reply), then this calls the source's <see cref="IReviewPlatform"/> and records <c>published</c> or <c>failed</c>. Without a connector for
/// the source, a platform without a reply API, or a platform the workspace has not connected, the reply becomes <c>manual</c>:
/// a person posts it on the platform. A reply stuck in <c>sending</c> (the process died mid-call) is never resent blindly.
/// </summary>
public sealed partial class ReplyPublisher(ParleyDb db, IEnumerable<IReviewPlatform> platforms, TimeProvider clock, ILogger<ReplyPublisher> logger)
{
    /// <summary>A reply still "sending" after this long was interrupted (the process stopped mid-call): a new reply may replace it.</summary>
    public static readonly TimeSpan StaleSendingAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The connector that will carry a reply to a review of <paramref name="source"/> now, or null when the reply must be
    /// posted by hand (no connector for the source, a platform without a reply API, or one the workspace has not connected).
    /// </summary>
    public async Task<IReviewPlatform?> PlatformForAsync(string workspaceId, string source, CancellationToken cancellationToken)
    {
        var platform = platforms.FirstOrDefault(p => p.Source == source);
        return platform is { SupportsReplies: true } && await platform.IsConnectedAsync(workspaceId, cancellationToken) ? platform : null;
    }

    /// <summary>
    /// Calls the platform for a reply that is already stored as <c>sending</c> (its claim committed before this call). Whatever
    /// the connector throws becomes a failed result; only the caller going away escapes (the reply then stays <c>sending</c>).
    /// </summary>
    public async Task<PlatformReplyResult> CallAsync(IReviewPlatform platform, PlatformReply reply, string source, CancellationToken cancellationToken)
    {
        try
        {
            return await platform.PublishReplyAsync(reply, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(logger, source, reply.ReviewId, e.GetType().Name);
            return PlatformReplyResult.Failure($"{source} could not be reached ({e.GetType().Name}).");
        }
    }

    /// <summary>Records the platform's answer on a <c>sending</c> reply (in the caller's transaction when one is open).</summary>
    public async Task RecordAsync(string reviewId, PlatformReplyResult result)
    {
        var done = clock.GetUtcNow().UtcDateTime;
        var sending = db.Set<Review>().Where(r => r.Id == reviewId && r.PublicationState == PublicationStates.Sending);
        // Not the request's token: the platform has answered, and its answer must be recorded.
        if (result.Published)
        {
            await sending.ExecuteUpdateAsync(s => s.SetProperty(r => r.PublicationState, PublicationStates.Published)
                .SetProperty(r => r.PublicationError, (string?)null)
                .SetProperty(r => r.PublishedAt, done)
                .SetProperty(r => r.PublicationExternalId, result.ExternalReplyId)
                .SetProperty(r => r.PublicationUpdatedAt, done), CancellationToken.None);
        }
        else
        {
            var error = Truncate(result.Error ?? "The platform refused the reply.", 1000);
            await sending.ExecuteUpdateAsync(s => s.SetProperty(r => r.PublicationState, PublicationStates.Failed)
                .SetProperty(r => r.PublicationError, error)
                .SetProperty(r => r.PublicationUpdatedAt, done), CancellationToken.None);
        }
    }

    /// <summary>What a person reads next to the reply's state.</summary>
    public static string Describe(string state, string source) => state switch
    {
        PublicationStates.Pending => $"The reply is stored and waiting to be sent to {Label(source)}.",
        PublicationStates.Sending => $"The reply is being sent to {Label(source)}.",
        PublicationStates.Published => $"The reply is published on {Label(source)}.",
        PublicationStates.Failed => $"Sending the reply to {Label(source)} failed; reply again to retry, or post it there by hand.",
        PublicationStates.Manual when source == ReviewSources.Manual => "The review was entered by hand: the reply is stored in Parley only.",
        PublicationStates.Manual => $"The reply is stored in Parley but not published: post it on {Label(source)} by hand " +
                                    $"({Label(source)} is not connected or has no reply API).",
        _ => state,
    };

    public static string Label(string source) => source switch
    {
        ReviewSources.Google => "Google",
        ReviewSources.Booksy => "Booksy",
        ReviewSources.Facebook => "Facebook",
        ReviewSources.Avito => "Avito",
        _ => "Parley",
    };

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a reply to {Source} for review {ReviewId} failed: {Exception}")]
    private static partial void LogPublishFailed(ILogger logger, string source, string reviewId, string exception);
}
