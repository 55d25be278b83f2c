using Microsoft.EntityFrameworkCore;
using Parley.Data;

namespace Parley.Features.Reviews;

/// <summary>
/// Carries a stored reply to the review's platform: claims it by moving <c>pending|failed → sending</c> (one caller wins),
/// calls the source's <see cref="IReviewPlatform"/>, then records <c>published</c> or <c>failed</c>. Without a connector for
/// the source, a platform without a reply API, or a platform the workspace has not connected, the reply becomes <c>manual</c>:
/// a person posts it on the platform. A reply stuck in <c>sending</c> (the process died mid-call) is never resent blindly.
/// </summary>
public sealed partial class ReplyPublisher(ParleyDb db, IEnumerable<IReviewPlatform> platforms, TimeProvider clock, ILogger<ReplyPublisher> logger)
{
    /// <summary>A reply still "sending" after this long was interrupted (the process stopped mid-call): a new reply may replace it.</summary>
    public static readonly TimeSpan StaleSendingAfter = TimeSpan.FromMinutes(10);

    public async Task PublishAsync(string reviewId, CancellationToken cancellationToken)
    {
        var review = await db.Set<Review>().AsNoTracking().Where(r => r.Id == reviewId)
            .Select(r => new { r.WorkspaceId, r.Source, r.ExternalId, r.ReplyContent, r.PublicationState })
            .FirstOrDefaultAsync(cancellationToken);
        if (review?.ReplyContent is null || review.PublicationState is not (PublicationStates.Pending or PublicationStates.Failed))
        {
            return;
        }

        var platform = platforms.FirstOrDefault(p => p.Source == review.Source);
        var connected = platform is { SupportsReplies: true } && await platform.IsConnectedAsync(review.WorkspaceId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (platform is null || !connected)
        {
            await db.Set<Review>().Where(r => r.Id == reviewId && (r.PublicationState == PublicationStates.Pending || r.PublicationState == PublicationStates.Failed))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.PublicationState, PublicationStates.Manual)
                    .SetProperty(r => r.PublicationError, (string?)null)
                    .SetProperty(r => r.PublicationUpdatedAt, now), cancellationToken);
            return;
        }

        var claimed = await db.Set<Review>()
            .Where(r => r.Id == reviewId && (r.PublicationState == PublicationStates.Pending || r.PublicationState == PublicationStates.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.PublicationState, PublicationStates.Sending)
                .SetProperty(r => r.PublicationAttempts, r => r.PublicationAttempts + 1)
                .SetProperty(r => r.PublicationUpdatedAt, now), cancellationToken);
        if (claimed != 1)
        {
            return;
        }

        PlatformReplyResult result;
        try
        {
            result = await platform.PublishReplyAsync(new PlatformReply(review.WorkspaceId, reviewId, review.ExternalId, review.ReplyContent), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever the connector threw, the attempt is over and is recorded as failed; only the caller going away leaves it "sending".
            LogPublishFailed(logger, review.Source, reviewId, e.GetType().Name);
            result = PlatformReplyResult.Failure($"{review.Source} could not be reached ({e.GetType().Name}).");
        }

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
