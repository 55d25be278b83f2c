using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Ai.Engine;
using Parley.Features.Templates;
using Parley.Platform;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Reviews;

/// <summary>Reviews of the current workspace: store (by hand, CSV, connectors), list, read, reply. Keeps the statistics counters in step.</summary>
public sealed partial class ReviewService(
    ParleyDb db,
    IWorkspaceContext current,
    ReviewCounters counters,
    ReplyPublisher publisher,
    InboxNotifier notifier,
    BuiltinLanguageEngine engine,
    TimeProvider clock)
{
    private TimeZoneInfo? _zone;

    /// <summary>Stores a new review; 409 <c>REVIEW_ALREADY_EXISTS</c> when the source already has one with this external id.</summary>
    public async Task<ReviewView> CreateAsync(NewReview review, CancellationToken cancellationToken)
    {
        var entity = await BuildAsync(review, cancellationToken);
        if (entity.ExternalId is not null && await ExistsAsync(entity.Source, entity.ExternalId, cancellationToken))
        {
            throw Duplicate(entity);
        }

        try
        {
            await InsertAsync([entity], cancellationToken);
        }
        catch (DbUpdateException) when (entity.ExternalId is not null)
        {
            // Another request stored the same review between the check and the insert.
            db.ChangeTracker.Clear();
            if (await ExistsAsync(entity.Source, entity.ExternalId, CancellationToken.None))
            {
                throw Duplicate(entity);
            }

            throw;
        }

        var view = ToView(entity);
        await notifier.PublishAsync(ReviewEvents.ReviewCreated, view, cancellationToken);
        await notifier.PublishUnreadCountsAsync(cancellationToken);
        await notifier.AutoReply.ReviewsStoredAsync([view.Id], AutoReply.EvaluationTriggers.Created, cancellationToken);
        return view;
    }

    /// <summary>For connectors: stores the review or, when its external id is known, returns the stored one (Created = false).</summary>
    public async Task<(ReviewView Review, bool Created)> UpsertAsync(NewReview review, CancellationToken cancellationToken)
    {
        try
        {
            return (await CreateAsync(review, cancellationToken), true);
        }
        catch (ApiException e) when (e.Code == ReviewErrors.AlreadyExists)
        {
            var existing = await db.Set<Review>().AsNoTracking()
                .FirstAsync(r => r.Source == review.Source && r.ExternalId == review.ExternalId, cancellationToken);
            return (ToView(existing), false);
        }
    }

    /// <summary>Several reviews of the workspace by id, in one query (missing ones are left out).</summary>
    public async Task<IReadOnlyDictionary<string, ReviewView>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        (await db.Set<Review>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken)).ToDictionary(r => r.Id, ToView, StringComparer.Ordinal);

    public async Task<ReviewView?> GetAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<Review>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } review ? ToView(review) : null;

    /// <summary>
    /// Stores the reply (the review becomes answered and read) and hands it to the source's <see cref="IReviewPlatform"/>;
    /// null when the review does not exist; 409 <c>REPLY_IN_PROGRESS</c> while an earlier reply is being sent.
    /// </summary>
    public async Task<ReviewView?> ReplyAsync(string id, string content, ReplyAuthorInfo author, CancellationToken cancellationToken)
    {
        var stored = (await StoreRepliesAsync([new StoreReplyRequest(id, content, author)], cancellationToken))[0];
        switch (stored.Status)
        {
            case ReplyStoreStatus.NotFound:
                return null;
            case ReplyStoreStatus.Invalid:
                var v = new Validator();
                v.Add("content", stored.Error!);
                v.ThrowIfInvalid();
                break;
            case ReplyStoreStatus.InProgress:
                throw new ApiException(409, "REPLY_IN_PROGRESS", stored.Error!);
        }

        await AfterRepliesAsync([stored], cancellationToken, beforeEvents: async () =>
        {
            if (stored.Status == ReplyStoreStatus.Sending)
            {
                await publisher.RecordAsync(id, await publisher.CallAsync(stored.Platform!, stored.Reply!, stored.Source, cancellationToken));
            }
        });
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>
    /// Stores several replies at once (one commit; inside the caller's transaction when one is open, so the caller's own writes go
    /// with them). Each is stored together with its hand-over: already claimed for the platform (<c>sending</c>, before any
    /// external call) or <c>manual</c> when a person must post it. Nothing is sent and no event is published here: the caller
    /// sends the <c>sending</c> ones (<see cref="ReplyPublisher.CallAsync"/>, then <see cref="ReplyPublisher.RecordAsync"/>) and
    /// calls <see cref="AfterRepliesAsync"/> once their outcomes are committed.
    /// </summary>
    public async Task<IReadOnlyList<StoredReply>> StoreRepliesAsync(IReadOnlyList<StoreReplyRequest> requests, CancellationToken cancellationToken)
    {
        var results = new StoredReply?[requests.Count];
        var texts = new string[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            texts[i] = TextSanitizer.Clean(requests[i].Content) ?? string.Empty;
            if (texts[i].Length == 0)
            {
                results[i] = new StoredReply(requests[i].ReviewId, ReplyStoreStatus.Invalid, Error: "content is required (plain text, markup is removed).");
            }
            else if (texts[i].Length > ReviewRules.ReplyMaxLength)
            {
                results[i] = new StoredReply(requests[i].ReviewId, ReplyStoreStatus.Invalid, Error: $"content must be at most {ReviewRules.ReplyMaxLength} characters long.");
            }
        }

        if (results.All(r => r is not null))
        {
            return results!;
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            // Read inside the transaction: on SQLite it holds the write lock already, so what is checked is what is overwritten.
            var ids = requests.Select(r => r.ReviewId).Distinct().ToList();
            var reviews = await db.Set<Review>().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var platforms = new Dictionary<string, IReviewPlatform?>(StringComparer.Ordinal);
            var deltas = new List<CounterDelta>();
            string? workspaceId = null;
            for (var i = 0; i < requests.Count; i++)
            {
                if (results[i] is not null)
                {
                    continue;
                }

                var request = requests[i];
                if (!reviews.TryGetValue(request.ReviewId, out var review))
                {
                    results[i] = new StoredReply(request.ReviewId, ReplyStoreStatus.NotFound);
                    continue;
                }

                if (review.PublicationState == PublicationStates.Sending && now - (review.PublicationUpdatedAt ?? now) < ReplyPublisher.StaleSendingAfter)
                {
                    results[i] = new StoredReply(request.ReviewId, ReplyStoreStatus.InProgress, Source: review.Source,
                        Error: "An earlier reply to this review is being sent to the platform; try again in a moment.");
                    continue;
                }

                if (request.OnlyOverAuthor is { } allowed && review.ReplyContent is not null && review.ReplyAuthor != allowed)
                {
                    results[i] = new StoredReply(request.ReviewId, ReplyStoreStatus.Superseded, Source: review.Source, Error: "Someone else replied to the review first.");
                    continue;
                }

                if (!platforms.TryGetValue(review.Source, out var platform))
                {
                    platforms[review.Source] = platform = await publisher.PlatformForAsync(review.WorkspaceId, review.Source, cancellationToken);
                }

                var wasUnread = !review.IsRead;
                if (review.Status != ReviewStatuses.Answered)
                {
                    review.ReplyStatsDay = WorkspaceTimeZones.LocalDay(now, await ZoneAsync(cancellationToken));
                    deltas.Add(new CounterDelta(review.StatsDay, review.Source, review.Rating, Answered: 1));
                    deltas.Add(new CounterDelta(review.ReplyStatsDay.Value, review.Source, review.Rating, Replies: 1));
                }

                if (wasUnread)
                {
                    deltas.Add(new CounterDelta(review.StatsDay, review.Source, review.Rating, Unread: -1));
                }

                review.Status = ReviewStatuses.Answered;
                review.IsRead = true;
                review.ReplyContent = texts[i];
                review.ReplyDate = now;
                review.ReplyAuthor = request.Author.Display;
                review.ReplyAuthorUserId = request.Author.UserId;
                review.ReplyOrigin = request.Author.Origin;
                review.PublicationState = platform is null ? PublicationStates.Manual : PublicationStates.Sending;
                review.PublicationAttempts = platform is null ? 0 : 1;
                review.PublicationError = null;
                review.PublishedAt = null;
                review.PublicationExternalId = null;
                review.PublicationUpdatedAt = now;
                review.UpdatedAt = now;
                workspaceId = review.WorkspaceId;
                results[i] = new StoredReply(review.Id, platform is null ? ReplyStoreStatus.Manual : ReplyStoreStatus.Sending, platform,
                    platform is null ? null : new PlatformReply(review.WorkspaceId, review.Id, review.ExternalId, texts[i]), review.Source, WasUnread: wasUnread);
            }

            await db.SaveChangesAsync(cancellationToken);
            if (workspaceId is not null && deltas.Count > 0)
            {
                await counters.ApplyAsync(workspaceId, deltas, cancellationToken);
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }

            db.ChangeTracker.Clear();
        }

        return results!;
    }

    /// <summary>
    /// After stored replies are committed (and, for the <c>sending</c> ones, their platform's answer recorded — by
    /// <paramref name="beforeEvents"/> or by the caller beforehand): waiting auto-replies of those reviews are cancelled (not
    /// when the auto-reply engine itself replied: an item has at most one live auto-reply, the one replying), and the reply
    /// events and unread counts are published.
    /// </summary>
    public async Task AfterRepliesAsync(IReadOnlyList<StoredReply> stored, CancellationToken cancellationToken, Func<Task>? beforeEvents = null,
        bool cancelWaitingAutoReplies = true)
    {
        var replied = stored.Where(s => s.Status is ReplyStoreStatus.Sending or ReplyStoreStatus.Manual).ToList();
        for (var i = 0; cancelWaitingAutoReplies && i < replied.Count; i++)
        {
            await notifier.AutoReply.RepliedAsync(AutoReply.AutoReplyItemTypes.Review, replied[i].ReviewId, cancellationToken);
        }

        if (beforeEvents is not null)
        {
            await beforeEvents();
        }

        if (replied.Count == 0)
        {
            return;
        }

        var ids = replied.Select(r => r.ReviewId).ToList();
        var views = await db.Set<Review>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        foreach (var view in views)
        {
            await notifier.PublishAsync(ReviewEvents.ReviewReplied, ToView(view), cancellationToken);
        }

        if (replied.Any(r => r.WasUnread))
        {
            await notifier.PublishUnreadCountsAsync(cancellationToken);
        }
    }

    public async Task<ReviewView?> MarkReadAsync(string id, CancellationToken cancellationToken)
    {
        var review = await db.Set<Review>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (review is null)
        {
            return null;
        }

        if (!review.IsRead)
        {
            review.IsRead = true;
            review.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
                await counters.ApplyAsync(review.WorkspaceId, [new CounterDelta(review.StatsDay, review.Source, review.Rating, Unread: -1)], cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            await notifier.PublishUnreadCountsAsync(cancellationToken);
        }

        return ToView(review);
    }

    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken)
    {
        var unread = false;
        return await db.Set<Review>().CountAsync(r => r.IsRead == unread, cancellationToken);
    }

    /// <summary>The review's customer data for templates; null when the review does not exist.</summary>
    public async Task<TemplateData?> GetTemplateDataAsync(string id, CancellationToken cancellationToken)
    {
        var review = await db.Set<Review>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (review is null)
        {
            return null;
        }

        var (first, last) = TemplateRenderer.SplitName(review.AuthorName);
        return new TemplateData(first, last, review.Email, review.Phone, review.Rating, review.Date, review.ServiceName, review.EmployeeName, review.OrderNo);
    }

    /// <summary>The workspace's time zone (for local days and dates in templates).</summary>
    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken)
    {
        if (_zone is null)
        {
            var id = await db.Workspaces.AsNoTracking().Where(w => w.Id == current.WorkspaceId).Select(w => w.TimeZone).FirstOrDefaultAsync(cancellationToken);
            _zone = WorkspaceTimeZones.Resolve(id);
        }

        return _zone;
    }

    public static ReviewView ToView(Review r) => new(
        r.Id, r.Source, r.AuthorName, r.AuthorAvatar, r.Rating, r.Content, r.Date, r.Status,
        r.ServiceName is null && r.EmployeeName is null ? null : new ServiceContextView(r.ServiceName, r.EmployeeName),
        r.ReplyContent is null || r.ReplyDate is null
            ? null
            : new ReviewReplyView(r.ReplyContent, r.ReplyDate.Value, r.ReplyAuthor, r.PublicationState is null
                ? null
                : new PublicationView(r.PublicationState, r.Source, r.PublicationAttempts, r.PublicationError, r.PublishedAt,
                    ReplyPublisher.Describe(r.PublicationState, r.Source))),
        r.Email, r.Phone, r.OrderNo, r.IsRead, r.ExternalId, r.Sentiment);

    private Task<bool> ExistsAsync(string source, string externalId, CancellationToken cancellationToken) =>
        db.Set<Review>().AnyAsync(r => r.Source == source && r.ExternalId == externalId, cancellationToken);

    private static ApiException Duplicate(Review entity) =>
        new(409, ReviewErrors.AlreadyExists, $"A {entity.Source} review with external id '{entity.ExternalId}' is already stored.",
            new Dictionary<string, string[]> { ["external_id"] = ["Already stored for this source."] });

    /// <summary>Validates and sanitises a new review into an entity (not yet added).</summary>
    private async Task<Review> BuildAsync(NewReview review, CancellationToken cancellationToken)
    {
        var author = TextSanitizer.Clean(review.AuthorName) ?? string.Empty;
        var content = TextSanitizer.Clean(review.Content) ?? string.Empty;
        var reply = TextSanitizer.CleanOptional(review.ExistingReply);
        var v = new Validator();
        v.OneOf("source", review.Source, ReviewSources.All);
        if (author.Length == 0)
        {
            v.Add("author_name", "author_name is required.");
        }

        v.Length("author_name", author, 0, ReviewRules.AuthorNameMaxLength);
        if (review.Rating is < 1 or > 5)
        {
            v.Add("rating", "rating must be a whole number from 1 to 5.");
        }

        v.Length("content", content, 0, ReviewRules.ContentMaxLength);
        v.Length("external_id", review.ExternalId, 0, ReviewRules.ExternalIdMaxLength);
        v.Length("author_avatar", review.AuthorAvatar, 0, ReviewRules.UrlMaxLength);
        if (review.AuthorAvatar is { Length: > 0 } avatar && !(Uri.TryCreate(avatar, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            v.Add("author_avatar", "author_avatar must be an http(s) URL.");
        }

        v.Length("reply", reply, 0, ReviewRules.ReplyMaxLength);
        var now = clock.GetUtcNow().UtcDateTime;
        if (review.Date > now.AddDays(1) || review.Date.Year < 2000)
        {
            v.Add("date", "date must be a real date, not in the future.");
        }

        v.ThrowIfInvalid();
        var zone = await ZoneAsync(cancellationToken);
        var date = DateTime.SpecifyKind(review.Date, DateTimeKind.Utc);
        var entity = new Review
        {
            WorkspaceId = current.WorkspaceId!,
            Source = review.Source,
            ExternalId = TextSanitizer.CleanOptional(review.ExternalId),
            AuthorName = author,
            AuthorAvatar = TextSanitizer.CleanOptional(review.AuthorAvatar),
            Rating = review.Rating,
            Content = content,
            Date = date,
            ServiceName = Limit(TextSanitizer.CleanOptional(review.ServiceName), ReviewRules.ContextMaxLength),
            EmployeeName = Limit(TextSanitizer.CleanOptional(review.EmployeeName), ReviewRules.ContextMaxLength),
            Email = Limit(TextSanitizer.CleanOptional(review.Email), 256),
            Phone = Limit(TextSanitizer.CleanOptional(review.Phone), ReviewRules.PhoneMaxLength),
            OrderNo = Limit(TextSanitizer.CleanOptional(review.OrderNo), ReviewRules.OrderNoMaxLength),
            Sentiment = ReviewSentiment.Classify(engine, content, review.Rating),
            StatsDay = WorkspaceTimeZones.LocalDay(date, zone),
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (reply is not null)
        {
            var replyDate = review.ExistingReplyDate is { } d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : date;
            entity.Status = ReviewStatuses.Answered;
            entity.IsRead = true;
            entity.ReplyContent = reply;
            entity.ReplyDate = replyDate;
            entity.ReplyOrigin = ReplyOrigins.Imported;
            entity.ReplyStatsDay = WorkspaceTimeZones.LocalDay(replyDate, zone);
            entity.PublicationState = entity.Source == ReviewSources.Manual ? PublicationStates.Manual : PublicationStates.Published;
            entity.PublishedAt = entity.Source == ReviewSources.Manual ? null : replyDate;
        }

        return entity;
    }

    private static string? Limit(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    /// <summary>Adds the reviews and their counter changes in one transaction.</summary>
    private async Task InsertAsync(IReadOnlyList<Review> entities, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AddRange(entities);
        await db.SaveChangesAsync(cancellationToken);
        var deltas = entities.Select(CounterDelta.ForNewReview)
            .Concat(entities.Where(e => e.ReplyStatsDay is not null).Select(e => new CounterDelta(e.ReplyStatsDay!.Value, e.Source, e.Rating, Replies: 1)));
        await counters.ApplyAsync(current.WorkspaceId!, deltas, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
