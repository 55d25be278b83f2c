using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Templates;

public sealed record CreateTemplateRequest(string? Name, string? Content, int? Rating, bool? Active, bool? AutoReply) : IValidatable
{
    public void Validate(Validator v)
    {
        if (v.Required("name", Name))
        {
            v.Length("name", Name, 1, TemplateRules.NameMaxLength);
        }

        if (v.Required("content", Content))
        {
            v.Length("content", Content, 1, TemplateRules.ContentMaxLength);
        }

        if (Rating is null or < 1 or > 5)
        {
            v.Add("rating", "rating must be a whole number from 1 to 5.");
        }
    }
}

/// <summary>The contract's PUT body (as for POST); fields left out keep their current value.</summary>
public sealed record UpdateTemplateRequest(string? Name, string? Content, int? Rating, bool? Active, bool? AutoReply) : IValidatable
{
    public void Validate(Validator v)
    {
        if (Name is not null)
        {
            v.Length("name", Name.Trim(), 1, TemplateRules.NameMaxLength);
        }

        if (Content is not null)
        {
            v.Length("content", Content.Trim(), 1, TemplateRules.ContentMaxLength);
        }

        if (Rating is < 1 or > 5)
        {
            v.Add("rating", "rating must be a whole number from 1 to 5.");
        }
    }
}

public sealed record BulkUpdates(bool? Active, bool? AutoReply, int? Rating);

public sealed record BulkUpdateRequest(IReadOnlyList<string>? TemplateIds, BulkUpdates? Updates) : IValidatable
{
    public void Validate(Validator v)
    {
        BulkIds.Validate(v, TemplateIds);
        if (Updates is null || (Updates.Active is null && Updates.AutoReply is null && Updates.Rating is null))
        {
            v.Add("updates", "updates must set at least one of: active, auto_reply, rating.");
        }
        else if (Updates.Rating is < 1 or > 5)
        {
            v.Add("updates.rating", "rating must be a whole number from 1 to 5.");
        }
    }
}

public sealed record BulkDeleteRequest(IReadOnlyList<string>? TemplateIds) : IValidatable
{
    public void Validate(Validator v) => BulkIds.Validate(v, TemplateIds);
}

public sealed record PreviewRequest(string? ReviewId, string? FeedbackId) : IValidatable
{
    public void Validate(Validator v)
    {
        if (ReviewId is not null && FeedbackId is not null)
        {
            v.Add("review_id", "Give review_id or feedback_id, not both.");
        }
    }
}

public sealed record TemplateVariableView(string Name, string Title, string Fallback);

internal static class BulkIds
{
    public static void Validate(Validator v, IReadOnlyList<string>? ids)
    {
        if (ids is null || ids.Count == 0)
        {
            v.Add("template_ids", "template_ids must list at least one id.");
        }
        else if (ids.Count > TemplateRules.BulkMaxIds)
        {
            v.Add("template_ids", $"template_ids may list at most {TemplateRules.BulkMaxIds} ids.");
        }
        else if (ids.Any(string.IsNullOrWhiteSpace))
        {
            v.Add("template_ids", "template_ids may not contain empty ids.");
        }
    }
}

public static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplates(this IEndpointRouteBuilder routes)
    {
        var templates = routes.MapGroup("/api/v1/templates").WithTags("Reply templates").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy);
        templates.MapGet("/", ListAsync).RequireAuthorization(Policies.Viewer).WithName("ListTemplates")
            .WithSummary("All reply templates (optionally ?rating=1..5, ?active=true|false), by rating. X-Total-Count has their number.");
        templates.MapGet("/variables", Variables).RequireAuthorization(Policies.Viewer).WithName("ListTemplateVariables")
            .WithSummary("The variables templates may use (@imie, @pelne_imie, …), with the mention title and the fallback used when a value is missing.");
        templates.MapGet("/{templateId}", GetAsync).RequireAuthorization(Policies.Viewer).WithName("GetTemplate")
            .WithSummary("One template.").ProducesProblem(404);
        templates.MapPost("/", CreateAsync).RequireAuthorization(Policies.Agent).WithName("CreateTemplate")
            .WithSummary("Create a template. Plain @variables become mention tags; markup other than mention tags is removed and text is HTML-escaped.")
            .WithDescription("content may mix plain variables (@pelne_imie) and mention tags (<link rel=\"mention\" name=\"pelne_imie\" …>@pelne_imie</link>); " +
                             "both are stored as the canonical tag. Only the ten known variables are converted (see GET /templates/variables); other @words " +
                             "stay text. <br> and closing </p>/</div> become line breaks; script, style and similar elements are dropped with their content. " +
                             "active defaults to true, auto_reply to false.")
            .ProducesProblem(400);
        templates.MapPut("/{templateId}", UpdateAsync).RequireAuthorization(Policies.Agent).WithName("UpdateTemplate")
            .WithSummary("Update a template: the same body as POST; fields left out (or null) keep their current value. Answers the whole template.")
            .WithDescription("The contract's example body is malformed; this endpoint takes {name, content, rating, active, auto_reply} like POST /templates, " +
                             "each optional, and converts content exactly as POST does. The answer carries every field, created_at included.")
            .ProducesProblem(400).ProducesProblem(404);
        templates.MapDelete("/{templateId}", DeleteAsync).RequireAuthorization(Policies.Agent).WithName("DeleteTemplate")
            .WithSummary("Delete a template.").ProducesProblem(404);
        templates.MapPost("/bulk-update", BulkUpdateAsync).RequireAuthorization(Policies.Agent).WithName("BulkUpdateTemplates")
            .WithSummary("Set active, auto_reply and/or rating on several templates. Ids not in the workspace are ignored: updated_count says how many changed.")
            .ProducesProblem(400);
        templates.MapDelete("/bulk-delete", BulkDeleteAsync).RequireAuthorization(Policies.Agent).WithName("BulkDeleteTemplates")
            .WithSummary("Delete several templates: DELETE with a JSON body {template_ids}. Ids not in the workspace are ignored.")
            .ProducesProblem(400);
        templates.MapPost("/bulk-delete", BulkDeleteAsync).RequireAuthorization(Policies.Agent).WithName("BulkDeleteTemplatesByPost")
            .WithSummary("The same as DELETE /templates/bulk-delete, for HTTP clients that cannot send a body with DELETE.")
            .ProducesProblem(400);
        templates.MapPost("/{templateId}/preview", PreviewAsync).RequireAuthorization(Policies.Viewer).WithName("PreviewTemplate")
            .WithSummary("The template filled with a review's ({review_id}) or an intercepted feedback's ({feedback_id}) data, as plain text.")
            .WithDescription("Without either id, a sample customer (Anna Nowak) is used. missing_variables lists the variables the data could not fill; " +
                             "their fallbacks were used (@imie and @pelne_imie: \"Kliencie\"; others are left out with their spacing). @data is DD.MM.YYYY in " +
                             "the workspace's time zone.")
            .ProducesProblem(400).ProducesProblem(404);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<TemplateView>>> ListAsync(int? rating, bool? active, TemplateService templates, HttpContext http,
        CancellationToken cancellationToken)
    {
        var list = await templates.ListAsync(rating, active, cancellationToken);
        return ListResults.Ok(http, list, list.Count);
    }

    private static Ok<IReadOnlyList<TemplateVariableView>> Variables() =>
        TypedResults.Ok<IReadOnlyList<TemplateVariableView>>(TemplateRenderer.Variables.Select(v => new TemplateVariableView(v.Name, v.Title, v.Fallback)).ToList());

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> GetAsync(string templateId, TemplateService templates, CancellationToken cancellationToken) =>
        await templates.GetAsync(templateId, cancellationToken) is { } template ? TypedResults.Ok(template) : NotFound(templateId);

    private static async Task<Created<TemplateView>> CreateAsync(CreateTemplateRequest request, TemplateService templates, CancellationToken cancellationToken)
    {
        var template = await templates.CreateAsync(new TemplateInput(request.Name!, request.Content!, request.Rating!.Value, request.Active ?? true,
            request.AutoReply ?? false), cancellationToken);
        return TypedResults.Created($"/api/v1/templates/{template.Id}", template);
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> UpdateAsync(string templateId, UpdateTemplateRequest request,
        TemplateService templates, CancellationToken cancellationToken) =>
        await templates.UpdateAsync(templateId, new TemplateChanges(request.Name, request.Content, request.Rating, request.Active, request.AutoReply),
            cancellationToken) is { } template
            ? TypedResults.Ok(template)
            : NotFound(templateId);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string templateId, TemplateService templates, CancellationToken cancellationToken) =>
        await templates.DeleteAsync(templateId, cancellationToken) ? TypedResults.NoContent() : NotFound(templateId);

    private static async Task<Ok<BulkUpdateResult>> BulkUpdateAsync(BulkUpdateRequest request, TemplateService templates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await templates.BulkUpdateAsync(request.TemplateIds!,
            new TemplateBulkChanges(request.Updates!.Active, request.Updates.AutoReply, request.Updates.Rating), cancellationToken));

    private static async Task<Ok<BulkDeleteResult>> BulkDeleteAsync([FromBody] BulkDeleteRequest request, TemplateService templates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await templates.BulkDeleteAsync(request.TemplateIds!, cancellationToken));

    private static async Task<Results<Ok<TemplatePreview>, ProblemHttpResult>> PreviewAsync(string templateId, PreviewRequest? request,
        TemplateService templates, CancellationToken cancellationToken) =>
        await templates.PreviewAsync(templateId, request?.ReviewId, request?.FeedbackId, cancellationToken) is { } preview
            ? TypedResults.Ok(preview)
            : NotFound(templateId);

    private static ProblemHttpResult NotFound(string id) =>
        Problems.NotFound(TemplateErrors.NotFound, $"No template with id '{id}' in this workspace.");
}
