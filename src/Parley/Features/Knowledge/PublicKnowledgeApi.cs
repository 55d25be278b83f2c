using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Knowledge;

public sealed record PublicKnowledgeQuery : IValidatable
{
    public string? Lang { get; init; }

    public void Validate(Validator v) => v.OneOf("lang", Lang, KnowledgeRules.Languages);
}

/// <summary>
/// The knowledge base as the widget and the business's website read it: no sign-in, rate limited per IP, cached. The cache key holds
/// the knowledge-base version, so a change is visible on the next read on every instance; the entries are also dropped by tag.
/// </summary>
public sealed class PublicKnowledgeReader(ParleyDb db, HybridCache cache, KnowledgeVersions versions, IOptions<KnowledgeOptions> options)
{
    public const string All = "all";

    /// <summary>The JSON body: an array of one kind's entries, or for <c>all</c> an object with one array per kind.</summary>
    public async Task<string> ReadJsonAsync(string workspaceId, string kind, string? language, CancellationToken cancellationToken)
    {
        var version = await versions.CurrentAsync(workspaceId, cancellationToken);
        var minutes = TimeSpan.FromMinutes(options.Value.PublicCacheMinutes);
        return await cache.GetOrCreateAsync($"knowledge:{workspaceId}:v{version}:{kind}:{language ?? "*"}",
            async ct => await LoadJsonAsync(workspaceId, kind, language, ct),
            new HybridCacheEntryOptions { Expiration = minutes, LocalCacheExpiration = minutes },
            [KnowledgeService.CacheTag(workspaceId)], cancellationToken);
    }

    private async Task<string> LoadJsonAsync(string workspaceId, string kind, string? language, CancellationToken cancellationToken)
    {
        // Drafts are the owner's work in progress: never on the business's website.
        var query = db.Set<KnowledgeEntry>().IgnoreQueryFilters().AsNoTracking().Where(e => e.WorkspaceId == workspaceId && !e.Draft);
        if (kind != All)
        {
            query = query.Where(e => e.Kind == kind);
        }

        if (language is not null)
        {
            query = query.Where(e => e.Language == language);
        }

        var rows = await query.OrderBy(e => e.Language).ThenBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var items = rows.Select(KnowledgeService.ToItem).ToList();
        object body = kind == All
            ? KnowledgeKinds.All.ToDictionary(KnowledgeKinds.DocumentKey, k => Ordered(items.Where(i => i.Kind == k)), StringComparer.Ordinal)
            : Ordered(items);
        return JsonSerializer.Serialize(body, KnowledgeService.Json);
    }

    /// <summary>Process steps by their number; everything else as entered.</summary>
    private static List<object> Ordered(IEnumerable<KnowledgeItem> items) =>
        items.OrderBy(i => i is ProcessStepItem p ? p.Step ?? 0 : 0).Cast<object>().ToList();
}

public static class PublicKnowledgeApi
{
    public static IEndpointRouteBuilder MapPublicKnowledge(this IEndpointRouteBuilder routes)
    {
        var open = routes.MapGroup("/api/v1/public/{slug}/knowledge").WithTags("Knowledge").ValidateArguments()
            .AllowAnonymous().RequireRateLimiting(RateLimitSetup.PublicPolicy);
        open.MapGet("/{kind}", ReadAsync).WithName("PublicKnowledge")
            .WithSummary("One kind of the business's knowledge (faq, packages, portfolio, process, partners, team, why-us, blog, facts) as an array, or 'all' as an object of arrays; ?lang= filters.")
            .Produces<IReadOnlyList<object>>(200).ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);
        return routes;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReadAsync(string slug, string kind, [AsParameters] PublicKnowledgeQuery query,
        PublicWorkspaceLookup workspaces, PublicKnowledgeReader reader, HttpContext http, CancellationToken cancellationToken)
    {
        if (kind != PublicKnowledgeReader.All && !KnowledgeKinds.IsKnown(kind))
        {
            return Problems.NotFound("KNOWLEDGE_KIND_NOT_FOUND", $"Unknown knowledge kind '{kind}'; kinds: all, {string.Join(", ", KnowledgeKinds.All)}.");
        }

        var workspace = await workspaces.GetAsync(slug, cancellationToken);
        var json = await reader.ReadJsonAsync(workspace.Id, kind, query.Lang, cancellationToken);
        http.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Content(json, "application/json; charset=utf-8");
    }
}
