namespace Parley.Features.Reviews;

/// <summary>
/// A review platform's reply API (Google Business Profile, Facebook, Avito…). Parley stores the reply and moves it to
/// <c>sending</c> before calling <see cref="PublishReplyAsync"/>; the connector must not retry on its own.
/// Register implementations as <c>IReviewPlatform</c> singletons or scoped services; one per <see cref="Source"/>.
/// </summary>
public interface IReviewPlatform
{
    /// <summary>The review source this connector serves (one of <see cref="ReviewSources"/>).</summary>
    string Source { get; }

    /// <summary>False for platforms without a reply API (Booksy): replies are then marked for posting by hand.</summary>
    bool SupportsReplies { get; }

    /// <summary>
    /// Whether the workspace has this platform connected (credentials present). Not connected: the reply is marked
    /// <c>manual</c> instead of failing.
    /// </summary>
    Task<bool> IsConnectedAsync(string workspaceId, CancellationToken cancellationToken);

    Task<PlatformReplyResult> PublishReplyAsync(PlatformReply reply, CancellationToken cancellationToken);
}

/// <summary>What a connector gets: the review's ids and the reply text (plain text, variables already filled).</summary>
public sealed record PlatformReply(string WorkspaceId, string ReviewId, string? ExternalReviewId, string Content);

/// <summary>The platform's answer: published (with the platform's id of the reply when it gives one) or an error.</summary>
public sealed record PlatformReplyResult(bool Published, string? ExternalReplyId, string? Error)
{
    public static PlatformReplyResult Success(string? externalReplyId = null) => new(true, externalReplyId, null);

    public static PlatformReplyResult Failure(string error) => new(false, null, error);
}

/// <summary>Booksy has no public reply API: replies are stored and marked for posting by hand in Booksy.</summary>
internal sealed class BooksyReviewPlatform : IReviewPlatform
{
    public string Source => ReviewSources.Booksy;

    public bool SupportsReplies => false;

    public Task<bool> IsConnectedAsync(string workspaceId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<PlatformReplyResult> PublishReplyAsync(PlatformReply reply, CancellationToken cancellationToken) =>
        Task.FromResult(PlatformReplyResult.Failure("Booksy has no reply API."));
}
