using Parley.Features.Templates;
using Parley.Platform;

namespace Parley.Features.Reviews;

/// <summary>Reviews of the current workspace: store (by hand, CSV, connectors), list, read, reply. Keeps the statistics counters in step.</summary>
public sealed class ReviewService
{
    /// <summary>Stores a new review; 409 <c>REVIEW_ALREADY_EXISTS</c> when the source already has one with this external id.</summary>
    public Task<ReviewView> CreateAsync(NewReview review, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>For connectors: stores the review or, when its external id is known, returns the stored one (Created = false).</summary>
    public Task<(ReviewView Review, bool Created)> UpsertAsync(NewReview review, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<ImportReport> ImportCsvAsync(Stream csv, string? defaultSource, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<(IReadOnlyList<ReviewView> Items, int Total)> ListAsync(ReviewQuery query, Page page, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReviewView?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Stores the reply and hands it to the source's <see cref="IReviewPlatform"/>; null when the review does not exist.</summary>
    public Task<ReviewView?> ReplyAsync(string id, string content, ReplyAuthorInfo author, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ReviewView?> MarkReadAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<int> UnreadCountAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>The review's customer data for templates; null when the review does not exist.</summary>
    public Task<TemplateData?> GetTemplateDataAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();
}
