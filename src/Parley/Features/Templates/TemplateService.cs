using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Feedback;
using Parley.Features.Reviews;
using Parley.Features.Workspaces;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Templates;

/// <summary>Reply templates of the current workspace; content is converted and sanitised by <see cref="TemplateRenderer"/> on save.</summary>
public sealed class TemplateService(
    ParleyDb db,
    IWorkspaceContext current,
    TemplateRenderer renderer,
    WorkspaceService workspaces,
    ReviewService reviews,
    FeedbackService feedback,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<TemplateView>> ListAsync(int? rating, bool? active, CancellationToken cancellationToken)
    {
        var templates = db.Set<ReplyTemplate>().AsNoTracking();
        if (rating is { } r)
        {
            templates = templates.Where(t => t.Rating == r);
        }

        if (active is { } a)
        {
            templates = templates.Where(t => t.Active == a);
        }

        var list = await templates.OrderBy(t => t.Rating).ThenBy(t => t.CreatedAt).ToListAsync(cancellationToken);
        return list.Select(ToView).ToList();
    }

    /// <summary>Active templates for a rating; with <paramref name="autoReplyOnly"/>, only those allowed in auto-replies.</summary>
    public async Task<IReadOnlyList<TemplateView>> ForRatingAsync(int rating, bool autoReplyOnly, CancellationToken cancellationToken)
    {
        var list = await db.Set<ReplyTemplate>().AsNoTracking()
            .Where(t => t.Rating == rating && t.Active && (!autoReplyOnly || t.AutoReply))
            .OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
        return list.Select(ToView).ToList();
    }

    public async Task<TemplateView?> GetAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<ReplyTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is { } template ? ToView(template) : null;

    public async Task<TemplateView> CreateAsync(TemplateInput input, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var template = new ReplyTemplate
        {
            WorkspaceId = current.WorkspaceId!,
            Name = input.Name.Trim(),
            Content = Store(input.Content),
            Rating = input.Rating,
            Active = input.Active,
            AutoReply = input.AutoReply,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return ToView(template);
    }

    /// <summary>Replaces the given fields; null fields keep their value.</summary>
    public async Task<TemplateView?> UpdateAsync(string id, TemplateChanges changes, CancellationToken cancellationToken)
    {
        var template = await db.Set<ReplyTemplate>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return null;
        }

        template.Name = changes.Name?.Trim() ?? template.Name;
        template.Content = changes.Content is null ? template.Content : Store(changes.Content);
        template.Rating = changes.Rating ?? template.Rating;
        template.Active = changes.Active ?? template.Active;
        template.AutoReply = changes.AutoReply ?? template.AutoReply;
        template.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return ToView(template);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<ReplyTemplate>().Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;

    public async Task<BulkUpdateResult> BulkUpdateAsync(IReadOnlyList<string> ids, TemplateBulkChanges changes, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await db.Set<ReplyTemplate>().Where(t => distinct.Contains(t.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Active, t => changes.Active ?? t.Active)
            .SetProperty(t => t.AutoReply, t => changes.AutoReply ?? t.AutoReply)
            .SetProperty(t => t.Rating, t => changes.Rating ?? t.Rating)
            .SetProperty(t => t.UpdatedAt, now), cancellationToken);
        var templates = await db.Set<ReplyTemplate>().AsNoTracking().Where(t => distinct.Contains(t.Id))
            .Select(t => new TemplateFlagsView(t.Id, t.Active, t.AutoReply, t.Rating)).ToListAsync(cancellationToken);
        return new BulkUpdateResult(updated, templates.OrderBy(t => distinct.IndexOf(t.Id)).ToList());
    }

    public async Task<BulkDeleteResult> BulkDeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        return new BulkDeleteResult(await db.Set<ReplyTemplate>().Where(t => distinct.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken));
    }

    /// <summary>Fills a template with data in the workspace's time zone (for previews and auto-replies).</summary>
    public async Task<RenderedTemplate> RenderAsync(string content, TemplateData data, CancellationToken cancellationToken) =>
        renderer.Render(content, data, await ZoneAsync(cancellationToken));

    /// <summary>
    /// The template filled with a review's or a feedback's data (or a sample customer when neither is given); null when the
    /// template does not exist; 404 <c>REVIEW_NOT_FOUND</c> / <c>FEEDBACK_NOT_FOUND</c> for unknown data.
    /// </summary>
    public async Task<TemplatePreview?> PreviewAsync(string id, string? reviewId, string? feedbackId, CancellationToken cancellationToken)
    {
        var template = await GetAsync(id, cancellationToken);
        if (template is null)
        {
            return null;
        }

        TemplateData data;
        if (reviewId is not null)
        {
            data = await reviews.GetTemplateDataAsync(reviewId, cancellationToken)
                ?? throw new ApiException(404, ReviewErrors.NotFound, $"No review with id '{reviewId}' in this workspace.");
        }
        else if (feedbackId is not null)
        {
            data = await feedback.GetTemplateDataAsync(feedbackId, cancellationToken)
                ?? throw new ApiException(404, FeedbackErrors.NotFound, $"No intercepted feedback with id '{feedbackId}' in this workspace.");
        }
        else
        {
            data = SampleData(template.Rating, clock.GetUtcNow().UtcDateTime);
        }

        var rendered = await RenderAsync(template.Content, data, cancellationToken);
        return new TemplatePreview(template.Id, rendered.Text, rendered.MissingVariables);
    }

    /// <summary>What a preview without a review shows: a made-up customer with every field filled.</summary>
    public static TemplateData SampleData(int rating, DateTime now) =>
        new("Anna", "Nowak", "anna.nowak@example.com", "500600700", rating, now, "Koloryzacja", "Kasia", "ORD-12345");

    private string Store(string content)
    {
        var stored = renderer.ToStorage(content);
        if (stored.Length == 0)
        {
            throw new ApiException(400, ErrorCodes.Validation, "The request has invalid fields.",
                new Dictionary<string, string[]> { ["content"] = ["content has no text once markup is removed."] });
        }

        return stored;
    }

    private async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken) =>
        WorkspaceTimeZones.Resolve((await workspaces.GetCurrentAsync(cancellationToken))?.TimeZone);

    private static TemplateView ToView(ReplyTemplate t) => new(t.Id, t.Name, t.Content, t.Rating, t.Active, t.AutoReply, t.CreatedAt, t.UpdatedAt);
}
