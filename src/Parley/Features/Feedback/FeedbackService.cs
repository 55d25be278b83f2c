using Parley.Features.Templates;
using Parley.Platform;

namespace Parley.Features.Feedback;

/// <summary>Intercepted feedback of the current workspace: created by the API or the public feedback page, read, replied to by email.</summary>
public sealed class FeedbackService
{
    public Task<FeedbackView> CreateAsync(NewFeedback feedback, string origin, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<(IReadOnlyList<FeedbackView> Items, int Total)> ListAsync(FeedbackQuery query, Page page, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<FeedbackView?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<FeedbackStatusView?> SetStatusAsync(string id, string status, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Stores the reply, marks the feedback replied and queues an email when the customer gave an address.</summary>
    public Task<FeedbackReplyResult?> ReplyAsync(string id, string message, FeedbackReplyAuthor author, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<int> UnreadCountAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<TemplateData?> GetTemplateDataAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();
}
