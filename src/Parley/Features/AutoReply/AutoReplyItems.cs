using Parley.Features.Feedback;
using Parley.Features.Reviews;
using Parley.Features.Templates;
using Parley.Platform.Errors;

namespace Parley.Features.AutoReply;

/// <summary>
/// Optional capability of a review connector: it can tell whether the platform already shows a reply to a review. The
/// dispatcher asks it when an earlier delivery was interrupted mid-call (the review's reply is stuck in <c>sending</c>) or
/// failed in a way that may still have published it (a timeout). Register it next to the connector's <see cref="IReviewPlatform"/>.
/// </summary>
public interface IReviewReplyLookup
{
    /// <summary>The review source this lookup serves.</summary>
    string Source { get; }

    /// <summary>Whether the review shows a reply on the platform; <paramref name="idempotencyKey"/> is the auto-reply's key.</summary>
    Task<ReplyLookupResult> FindReplyAsync(string workspaceId, string reviewId, string? externalReviewId, string idempotencyKey, CancellationToken cancellationToken);
}

public enum ReplyLookupResult
{
    Published,
    NotPublished,
    Unknown,
}

internal enum DeliveryStatus
{
    Delivered,
    Retry,
    Failed,
    Cancelled,
}

internal sealed record DeliveryOutcome(DeliveryStatus Status, string? Kind = null, string? Detail = null)
{
    public static DeliveryOutcome Delivered(string kind, string? detail = null) => new(DeliveryStatus.Delivered, kind, detail);

    public static DeliveryOutcome Retry(string error) => new(DeliveryStatus.Retry, null, error);

    public static DeliveryOutcome Failed(string error) => new(DeliveryStatus.Failed, null, error);

    public static DeliveryOutcome Cancelled(string reason) => new(DeliveryStatus.Cancelled, null, reason);
}

/// <summary>
/// Reviews and feedback as the auto-reply engine needs them, through the reviews and feedback features' services: loading
/// an item, and delivering an entry (for reviews the reviews feature stores the reply and hands it to the platform's
/// connector; for feedback the feedback feature stores it and queues the email). Runs in a scope whose workspace is set.
/// </summary>
internal sealed class AutoReplyItems(IServiceProvider services, IEnumerable<IReviewReplyLookup> lookups)
{
    private ReviewService Reviews => services.GetRequiredService<ReviewService>();

    private FeedbackService Feedback => services.GetRequiredService<FeedbackService>();

    public async Task<AutoReplyItem?> GetAsync(string type, string id, CancellationToken cancellationToken) =>
        type == AutoReplyItemTypes.Review
            ? await Reviews.GetAsync(id, cancellationToken) is { } review ? FromReview(review) : null
            : await Feedback.GetAsync(id, cancellationToken) is { } feedback ? FromFeedback(feedback) : null;

    public static AutoReplyItem FromReview(ReviewView r)
    {
        var (first, last) = TemplateRenderer.SplitName(r.AuthorName);
        return new AutoReplyItem(AutoReplyItemTypes.Review, r.Id, r.Source, r.Rating, r.Content, r.Date, r.Read,
            r.Status == ReviewStatuses.Answered || r.Reply is not null, r.AuthorName, r.Email, r.Phone,
            new TemplateData(first, last, r.Email, r.Phone, r.Rating, r.Date, r.ServiceContext?.ServiceName, r.ServiceContext?.EmployeeName, r.OrderNo));
    }

    public static AutoReplyItem FromFeedback(FeedbackView f) =>
        new(AutoReplyItemTypes.Feedback, f.Id, AutoReplySources.Feedback, f.Rating, f.Comment, f.Date,
            f.Status != FeedbackStatuses.New, f.Status == FeedbackStatuses.Replied || f.Reply is not null,
            string.Join(' ', new[] { f.Name, f.Surname }.Where(p => !string.IsNullOrWhiteSpace(p))), f.Email, f.Phone,
            new TemplateData(f.Name, f.Surname, f.Email, f.Phone, f.Rating, f.Date, f.ServiceName, f.EmployeeName, f.OrderNo));

    /// <summary>How the reply is signed on the item, so the dispatcher can recognise its own reply later.</summary>
    public static string AuthorDisplay(AutoReplyEntry entry) => "Auto-reply: " + entry.RuleName;

    /// <summary>
    /// Delivers the entry, or finds that an earlier attempt already did. The item is inspected first, so the same call serves
    /// a first delivery, a retry and the recovery of an interrupted one: nothing is sent unless the item's stored reply proves
    /// that no earlier attempt reached the platform.
    /// </summary>
    public Task<DeliveryOutcome> DeliverAsync(AutoReplyEntry entry, CancellationToken cancellationToken) =>
        entry.ItemType == AutoReplyItemTypes.Review ? DeliverReviewAsync(entry, cancellationToken) : DeliverFeedbackAsync(entry, cancellationToken);

    private async Task<DeliveryOutcome> DeliverReviewAsync(AutoReplyEntry entry, CancellationToken cancellationToken)
    {
        var review = await Reviews.GetAsync(entry.ItemId, cancellationToken);
        if (review is null)
        {
            return DeliveryOutcome.Cancelled("The review was deleted.");
        }

        var inspected = await InspectReviewAsync(entry, review, cancellationToken);
        if (inspected is not null)
        {
            return inspected;
        }

        // No reply of ours reached the platform (none stored, or stored and refused / never handed over): sending is safe.
        ReviewView? replied;
        try
        {
            replied = await Reviews.ReplyAsync(entry.ItemId, entry.Content, new ReplyAuthorInfo(AuthorDisplay(entry), null, ReplyOrigins.AutoReply), cancellationToken);
        }
        catch (ApiException e) when (e.Status == 409)
        {
            return DeliveryOutcome.Retry(e.Message);
        }
        catch (ApiException e)
        {
            return DeliveryOutcome.Failed(e.Message);
        }

        if (replied is null)
        {
            return DeliveryOutcome.Cancelled("The review was deleted.");
        }

        return Map(replied.Reply?.Publication, review.Source) ?? DeliveryOutcome.Retry("The review's reply was stored but not handed to the platform yet.");
    }

    /// <summary>
    /// For a group of review entries delivered together: what the reviews' stored replies already decide (delivered earlier,
    /// a person replied first, the review is gone), or null where a reply is to be stored and sent. One read for the group.
    /// </summary>
    public async Task<DeliveryOutcome?[]> InspectReviewsAsync(IReadOnlyList<AutoReplyEntry> entries, CancellationToken cancellationToken)
    {
        var reviews = await Reviews.GetManyAsync(entries.Select(e => e.ItemId).ToList(), cancellationToken);
        var decided = new DeliveryOutcome?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            decided[i] = reviews.TryGetValue(entries[i].ItemId, out var review)
                ? await InspectReviewAsync(entries[i], review, cancellationToken)
                : DeliveryOutcome.Cancelled("The review was deleted.");
        }

        return decided;
    }

    /// <summary>The reply an entry stores on its review: signed as the auto-reply, and never over someone else's reply.</summary>
    public static StoreReplyRequest ReplyFor(AutoReplyEntry entry) =>
        new(entry.ItemId, entry.Content, new ReplyAuthorInfo(AuthorDisplay(entry), null, ReplyOrigins.AutoReply), OnlyOverAuthor: AuthorDisplay(entry));

    /// <summary>What storing the entry's reply (and, for <c>sending</c>, the platform's answer) means for the entry.</summary>
    public static DeliveryOutcome OutcomeOf(StoredReply stored, PlatformReplyResult? answer) => stored.Status switch
    {
        ReplyStoreStatus.Sending when answer is null => DeliveryOutcome.Failed(Uncertain(stored.Source)),
        ReplyStoreStatus.Sending when answer.Published => DeliveryOutcome.Delivered(DeliveryKinds.Published),
        ReplyStoreStatus.Sending => DeliveryOutcome.Retry(answer.Error ?? $"{ReplyPublisherLabel(stored.Source)} refused the reply."),
        ReplyStoreStatus.Manual => DeliveryOutcome.Delivered(DeliveryKinds.Manual, ReplyPublisher.Describe(PublicationStates.Manual, stored.Source)),
        ReplyStoreStatus.NotFound => DeliveryOutcome.Cancelled("The review was deleted."),
        ReplyStoreStatus.Superseded => DeliveryOutcome.Cancelled("A person replied to the review first."),
        ReplyStoreStatus.InProgress => DeliveryOutcome.Retry(stored.Error ?? "An earlier reply is being sent."),
        _ => DeliveryOutcome.Failed(stored.Error ?? "The reply was refused."),
    };

    /// <summary>What the review's stored reply says about this entry; null when sending (again) is safe.</summary>
    private async Task<DeliveryOutcome?> InspectReviewAsync(AutoReplyEntry entry, ReviewView review, CancellationToken cancellationToken)
    {
        var reply = review.Reply;
        if (reply is null)
        {
            return null;
        }

        if (!IsOurs(entry, reply.Author, reply.Date))
        {
            return DeliveryOutcome.Cancelled("A person replied to the review first.");
        }

        var state = reply.Publication?.State;
        switch (state)
        {
            case PublicationStates.Published:
            case PublicationStates.Manual:
                return Map(reply.Publication, review.Source);
            case PublicationStates.Sending:
                // Interrupted while the platform was being called: only the platform can say whether it arrived.
                return await LookupAsync(entry, review, cancellationToken) switch
                {
                    ReplyLookupResult.Published => DeliveryOutcome.Delivered(DeliveryKinds.Published, "Confirmed on the platform after an interrupted delivery."),
                    _ => DeliveryOutcome.Failed(Uncertain(review.Source)),
                };
            case PublicationStates.Failed when await LookupAsync(entry, review, cancellationToken) == ReplyLookupResult.Published:
                return DeliveryOutcome.Delivered(DeliveryKinds.Published, "The platform shows the reply although the call reported an error.");
            default:
                return null;
        }
    }

    private async Task<ReplyLookupResult> LookupAsync(AutoReplyEntry entry, ReviewView review, CancellationToken cancellationToken)
    {
        var lookup = lookups.FirstOrDefault(l => l.Source == review.Source);
        if (lookup is null)
        {
            return ReplyLookupResult.Unknown;
        }

        try
        {
            return await lookup.FindReplyAsync(entry.WorkspaceId, review.Id, review.ExternalId, entry.IdempotencyKey, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException or InvalidOperationException)
        {
            return ReplyLookupResult.Unknown;
        }
    }

    private static DeliveryOutcome? Map(PublicationView? publication, string source) => publication?.State switch
    {
        PublicationStates.Published => DeliveryOutcome.Delivered(DeliveryKinds.Published),
        PublicationStates.Manual => DeliveryOutcome.Delivered(DeliveryKinds.Manual, publication.Message),
        PublicationStates.Failed => DeliveryOutcome.Retry(publication.Error ?? $"{ReplyPublisherLabel(source)} refused the reply."),
        PublicationStates.Sending => DeliveryOutcome.Failed(Uncertain(source)),
        _ => null,
    };

    private static string Uncertain(string source) =>
        $"Delivery uncertain: sending to {ReplyPublisherLabel(source)} was interrupted and Parley cannot tell whether the reply arrived. " +
        $"Check the review on {ReplyPublisherLabel(source)} and post the reply there by hand if it is missing.";

    private static string ReplyPublisherLabel(string source) => source switch
    {
        ReviewSources.Google => "Google",
        ReviewSources.Facebook => "Facebook",
        ReviewSources.Booksy => "Booksy",
        ReviewSources.Avito => "Avito",
        _ => "the platform",
    };

    private async Task<DeliveryOutcome> DeliverFeedbackAsync(AutoReplyEntry entry, CancellationToken cancellationToken)
    {
        var feedback = await Feedback.GetAsync(entry.ItemId, cancellationToken);
        if (feedback is null)
        {
            return DeliveryOutcome.Cancelled("The feedback was deleted.");
        }

        if (feedback.Reply is { } reply)
        {
            // The feedback feature stores the reply and queues its email in one transaction: a stored reply of ours was emailed.
            return IsOurs(entry, reply.Author, reply.Date)
                ? DeliveryOutcome.Delivered(DeliveryKinds.Emailed, feedback.Email is null ? null : "To " + feedback.Email)
                : DeliveryOutcome.Cancelled("A person replied to the feedback first.");
        }

        if (string.IsNullOrWhiteSpace(feedback.Email))
        {
            return DeliveryOutcome.Failed("The customer left no email address, so the reply cannot reach them.");
        }

        FeedbackReplyResult? result;
        try
        {
            result = await Feedback.ReplyAsync(entry.ItemId, entry.Content, new FeedbackReplyAuthor(AuthorDisplay(entry), null), cancellationToken);
        }
        catch (ApiException e) when (e.Status == 409)
        {
            return DeliveryOutcome.Retry(e.Message);
        }
        catch (ApiException e)
        {
            return DeliveryOutcome.Failed(e.Message);
        }

        var delivery = result?.Reply.Delivery;
        return result is null ? DeliveryOutcome.Cancelled("The feedback was deleted.")
            : delivery is null || delivery.State == FeedbackDeliveryStates.NotDelivered
                ? DeliveryOutcome.Failed("The reply was stored on the feedback but could not be emailed: " + (delivery?.Error ?? "no email address."))
                : DeliveryOutcome.Delivered(DeliveryKinds.Emailed, "To " + delivery.To);
    }

    private static bool IsOurs(AutoReplyEntry entry, string? author, DateTime date) =>
        author == AuthorDisplay(entry) && date >= entry.CreatedAt.AddSeconds(-1);
}
