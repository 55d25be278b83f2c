namespace Parley.Features.Templates;

/// <summary>The contract's Template.</summary>
public sealed record TemplateView(string Id, string Name, string Content, int Rating, bool Active, bool AutoReply, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Fields of a create or a full update, already validated.</summary>
public sealed record TemplateInput(string Name, string Content, int Rating, bool Active, bool AutoReply);

/// <summary>Fields of an update; null keeps a field as it is.</summary>
public sealed record TemplateChanges(string? Name, string? Content, int? Rating, bool? Active, bool? AutoReply);

/// <summary>Fields of a bulk update; null leaves a field as it is.</summary>
public sealed record TemplateBulkChanges(bool? Active, bool? AutoReply, int? Rating);

public sealed record TemplateFlagsView(string Id, bool Active, bool AutoReply, int Rating);

public sealed record BulkUpdateResult(int UpdatedCount, IReadOnlyList<TemplateFlagsView> Templates);

public sealed record BulkDeleteResult(int DeletedCount);

/// <summary>A template filled with a review's or a feedback's data; <c>missing_variables</c> fell back to defaults.</summary>
public sealed record TemplatePreview(string TemplateId, string Text, IReadOnlyList<string> MissingVariables);

public static class TemplateErrors
{
    public const string NotFound = "TEMPLATE_NOT_FOUND";
}
