using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Reviews;
using Parley.Features.Templates;
using Parley.Features.Workspaces;
using Parley.Integrations.Smtp;
using Parley.Platform;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Feedback;

/// <summary>Intercepted feedback of the current workspace: created by the API or the public feedback page, read, replied to by email.</summary>
public sealed class FeedbackService(
    ParleyDb db,
    IWorkspaceContext current,
    IEmailOutbox outbox,
    InboxNotifier notifier,
    WorkspaceService workspaces,
    Acquisition.AcquisitionService acquisition,
    TimeProvider clock)
{
    public const string EmailPurpose = "feedback_reply";

    /// <summary>Stores feedback (text sanitised); <paramref name="origin"/> is one of <see cref="FeedbackOrigins"/>.</summary>
    public async Task<FeedbackView> CreateAsync(NewFeedback feedback, string origin, CancellationToken cancellationToken)
    {
        var comment = TextSanitizer.Clean(feedback.Message) ?? string.Empty;
        var v = new Validator();
        if (feedback.Rating is < 1 or > 5)
        {
            v.Add("rating", "rating must be a whole number from 1 to 5.");
        }

        if (comment.Length == 0)
        {
            v.Add("message", "message is required (plain text, markup is removed).");
        }

        v.Length("message", comment, 0, FeedbackRules.CommentMaxLength);
        var location = TextSanitizer.CleanOptional(feedback.LocationId);
        if (location is not null && (!Acquisition.AcquisitionRules.IsValidLocation(location) || !await acquisition.HasLocationAsync(location, cancellationToken)))
        {
            v.Add("location_id", $"No feedback page location '{Limit(location, FeedbackRules.LocationIdMaxLength)}' in this workspace (locations are created in the acquisition settings).");
        }

        v.ThrowIfInvalid();
        var now = clock.GetUtcNow().UtcDateTime;
        var entity = new InterceptedFeedback
        {
            WorkspaceId = current.WorkspaceId!,
            Date = now,
            Rating = feedback.Rating,
            Comment = comment,
            Status = FeedbackStatuses.New,
            Name = Limit(TextSanitizer.Clean(feedback.Name), FeedbackRules.NameMaxLength) ?? string.Empty,
            Surname = Limit(TextSanitizer.Clean(feedback.Surname), FeedbackRules.NameMaxLength) ?? string.Empty,
            Email = Limit(TextSanitizer.CleanOptional(feedback.Email), FeedbackRules.EmailMaxLength),
            Phone = Limit(TextSanitizer.CleanOptional(feedback.Phone), FeedbackRules.PhoneMaxLength),
            OrderNo = Limit(TextSanitizer.CleanOptional(feedback.OrderNo), FeedbackRules.OrderNoMaxLength),
            ServiceName = Limit(TextSanitizer.CleanOptional(feedback.ServiceName), FeedbackRules.ContextMaxLength),
            EmployeeName = Limit(TextSanitizer.CleanOptional(feedback.EmployeeName), FeedbackRules.ContextMaxLength),
            LocationId = location,
            Origin = origin,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        var view = ToView(entity, null);
        await notifier.PublishAsync(FeedbackEvents.FeedbackCreated, view, cancellationToken);
        await notifier.PublishUnreadCountsAsync(cancellationToken);
        await notifier.AutoReply.FeedbackStoredAsync(view.Id, cancellationToken);
        return view;
    }

    public async Task<(IReadOnlyList<FeedbackView> Items, int Total)> ListAsync(FeedbackQuery query, Page page, CancellationToken cancellationToken)
    {
        var feedback = db.Set<InterceptedFeedback>().AsNoTracking();
        if (query.Status is { } status && status != "all")
        {
            feedback = feedback.Where(f => f.Status == status);
        }

        if (query.Rating is { } rating)
        {
            feedback = feedback.Where(f => f.Rating == rating);
        }

        if (query.LocationId is { } locationId)
        {
            feedback = feedback.Where(f => f.LocationId == locationId);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var term = query.Q.Trim().ToLowerInvariant();
            feedback = feedback.Where(f => f.Comment.ToLower().Contains(term) || f.Name.ToLower().Contains(term) || f.Surname.ToLower().Contains(term));
        }

        var ordered = query.Sort switch
        {
            FeedbackSorts.Oldest => feedback.OrderBy(f => f.Date).ThenBy(f => f.Id),
            FeedbackSorts.Lowest => feedback.OrderBy(f => f.Rating).ThenByDescending(f => f.Date).ThenByDescending(f => f.Id),
            _ => feedback.OrderByDescending(f => f.Date).ThenByDescending(f => f.Id),
        };
        var total = await feedback.CountAsync(cancellationToken);
        var items = await ordered.Apply(page).ToListAsync(cancellationToken);
        var deliveries = await outbox.DeliveriesAsync(items.Where(f => f.ReplyEmailId is not null).Select(f => f.ReplyEmailId!).ToList(), cancellationToken);
        return (items.Select(f => ToView(f, deliveries)).ToList(), total);
    }

    public async Task<FeedbackView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await db.Set<InterceptedFeedback>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var deliveries = entity.ReplyEmailId is null ? null : await outbox.DeliveriesAsync([entity.ReplyEmailId], cancellationToken);
        return ToView(entity, deliveries);
    }

    public async Task<FeedbackStatusView?> SetStatusAsync(string id, string status, CancellationToken cancellationToken)
    {
        var v = new Validator();
        v.OneOf("status", status, FeedbackStatuses.All);
        v.ThrowIfInvalid();
        var entity = await db.Set<InterceptedFeedback>().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var before = entity.Status;
        entity.Status = status;
        entity.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        var view = new FeedbackStatusView(entity.Id, entity.Status, entity.UpdatedAt);
        if (before != status)
        {
            await notifier.PublishAsync(FeedbackEvents.FeedbackStatusChanged, view, cancellationToken);
            if (before == FeedbackStatuses.New || status == FeedbackStatuses.New)
            {
                await notifier.PublishUnreadCountsAsync(cancellationToken);
            }
        }

        return view;
    }

    /// <summary>
    /// Stores the reply, marks the feedback replied and — in the same transaction — queues an email to the customer when they
    /// gave an address. Without one the reply is stored and its delivery says <c>not_delivered</c>. Null when the feedback does not exist.
    /// </summary>
    public async Task<FeedbackReplyResult?> ReplyAsync(string id, string message, FeedbackReplyAuthor author, CancellationToken cancellationToken)
    {
        var text = TextSanitizer.Clean(message) ?? string.Empty;
        var v = new Validator();
        if (text.Length == 0)
        {
            v.Add("message", "message is required (plain text, markup is removed).");
        }

        v.Length("message", text, 0, FeedbackRules.ReplyMaxLength);
        v.ThrowIfInvalid();
        var entity = await db.Set<InterceptedFeedback>().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var before = entity.Status;
        var now = clock.GetUtcNow().UtcDateTime;
        entity.ReplyContent = text;
        entity.ReplyDate = now;
        entity.ReplyAuthor = author.Display;
        entity.ReplyAuthorUserId = author.UserId;
        entity.Status = FeedbackStatuses.Replied;
        entity.UpdatedAt = now;
        entity.ReplyEmailId = null;
        if (entity.Email is { } email && Validator.IsEmail(email))
        {
            var workspace = await workspaces.GetCurrentAsync(cancellationToken);
            entity.ReplyEmailId = outbox.Add(ReplyEmail(entity, workspace?.Name ?? "Parley", workspace?.Locale ?? "pl"));
        }

        await db.SaveChangesAsync(cancellationToken);
        await notifier.AutoReply.RepliedAsync(AutoReply.AutoReplyItemTypes.Feedback, id, cancellationToken);
        if (entity.ReplyEmailId is not null)
        {
            await outbox.NudgeAsync(cancellationToken);
        }

        await notifier.PublishAsync(FeedbackEvents.FeedbackStatusChanged, new FeedbackStatusView(entity.Id, entity.Status, entity.UpdatedAt), cancellationToken);
        if (before == FeedbackStatuses.New)
        {
            await notifier.PublishUnreadCountsAsync(cancellationToken);
        }

        var deliveries = entity.ReplyEmailId is null ? null : await outbox.DeliveriesAsync([entity.ReplyEmailId], cancellationToken);
        return new FeedbackReplyResult(entity.Id, entity.Status, ToView(entity, deliveries).Reply!);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var status = await db.Set<InterceptedFeedback>().Where(f => f.Id == id).Select(f => f.Status).FirstOrDefaultAsync(cancellationToken);
        if (status is null || await db.Set<InterceptedFeedback>().Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        if (status == FeedbackStatuses.New)
        {
            await notifier.PublishUnreadCountsAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>Feedback nobody has looked at yet (status <c>new</c>).</summary>
    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken) =>
        await db.Set<InterceptedFeedback>().CountAsync(f => f.Status == FeedbackStatuses.New, cancellationToken);

    public async Task<TemplateData?> GetTemplateDataAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<InterceptedFeedback>().AsNoTracking().Where(f => f.Id == id)
            .Select(f => new TemplateData(f.Name, f.Surname, f.Email, f.Phone, f.Rating, f.Date, f.ServiceName, f.EmployeeName, f.OrderNo))
            .FirstOrDefaultAsync(cancellationToken);

    private static OutgoingEmail ReplyEmail(InterceptedFeedback f, string business, string locale)
    {
        var english = locale.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var greeting = f.Name.Length > 0
            ? (english ? $"Hello {f.Name}," : $"Dzień dobry {f.Name},")
            : (english ? "Hello," : "Dzień dobry,");
        var subject = english ? $"Reply to your feedback — {business}" : $"Odpowiedź na Twoją opinię — {business}";
        var quoted = english ? "Your feedback" : "Twoja opinia";
        var body = $"{greeting}\n\n{f.ReplyContent}\n\n— {business}\n\n{quoted} ({f.Date:dd.MM.yyyy}):\n> {f.Comment.Replace("\n", "\n> ", StringComparison.Ordinal)}\n";
        var name = string.Join(' ', new[] { f.Name, f.Surname }.Where(p => p.Length > 0));
        return new OutgoingEmail(f.WorkspaceId, f.Email!, name.Length > 0 ? name : null, subject, body, EmailPurpose, f.Id);
    }

    private static string? Limit(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private static FeedbackView ToView(InterceptedFeedback f, IReadOnlyDictionary<string, EmailDelivery>? deliveries)
    {
        FeedbackReplyView? reply = null;
        if (f.ReplyContent is not null && f.ReplyDate is not null)
        {
            FeedbackDeliveryView delivery;
            if (f.ReplyEmailId is null)
            {
                delivery = new FeedbackDeliveryView("email", FeedbackDeliveryStates.NotDelivered, null, null, 0,
                    "The customer left no email address: the reply is stored but was not sent.");
            }
            else if (deliveries?.GetValueOrDefault(f.ReplyEmailId) is { } sent)
            {
                delivery = new FeedbackDeliveryView("email", sent.Status, sent.To, sent.Id, sent.Attempts, sent.LastError);
            }
            else
            {
                delivery = new FeedbackDeliveryView("email", EmailStatuses.Pending, f.Email, f.ReplyEmailId, 0, null);
            }

            reply = new FeedbackReplyView(f.ReplyContent, f.ReplyDate.Value, f.ReplyAuthor, delivery);
        }

        return new FeedbackView(f.Id, f.Date, f.Rating, f.Comment, f.Status, f.Name, f.Surname, f.Email, f.Phone, f.OrderNo, f.ServiceName, f.EmployeeName, reply, f.LocationId);
    }
}
