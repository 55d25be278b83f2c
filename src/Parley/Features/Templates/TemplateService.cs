namespace Parley.Features.Templates;

/// <summary>Reply templates of the current workspace; content is converted and sanitised by <see cref="TemplateRenderer"/> on save.</summary>
public sealed class TemplateService
{
    public Task<IReadOnlyList<TemplateView>> ListAsync(int? rating, bool? active, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Active templates for a rating; with <paramref name="autoReplyOnly"/>, only those allowed in auto-replies.</summary>
    public Task<IReadOnlyList<TemplateView>> ForRatingAsync(int rating, bool autoReplyOnly, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<TemplateView?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<TemplateView> CreateAsync(TemplateInput input, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<TemplateView?> UpdateAsync(string id, TemplateInput input, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<BulkUpdateResult> BulkUpdateAsync(IReadOnlyList<string> ids, TemplateBulkChanges changes, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<BulkDeleteResult> BulkDeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Fills a template with data in the workspace's time zone (for previews and auto-replies).</summary>
    public Task<RenderedTemplate> RenderAsync(string content, TemplateData data, CancellationToken cancellationToken) => throw new NotImplementedException();
}
