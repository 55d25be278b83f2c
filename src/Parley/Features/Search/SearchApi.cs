using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Features.Knowledge;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;

namespace Parley.Features.Search;

public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder routes)
    {
        var open = routes.MapGroup("/api/v1/public/{slug}/search").WithTags("Search").ValidateArguments()
            .AllowAnonymous().RequireRateLimiting(RateLimitSetup.PublicPolicy);
        open.MapGet("/", SearchAsync).WithName("SearchKnowledge")
            .WithSummary("Full-text search over the business's knowledge base: language-aware, typo-tolerant (fuzzy=true), snippets with <mark>.")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);
        open.MapGet("/suggest", SuggestAsync).WithName("SuggestKnowledge")
            .WithSummary("Autocomplete: completions of the last word typed, then matching titles.")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);

        var own = routes.MapGroup("/api/v1/search").WithTags("Search").ValidateArguments().RequireRateLimiting(RateLimitSetup.ApiPolicy);
        own.MapGet("/stats", StatsAsync).RequireAuthorization(Policies.Viewer).WithName("SearchStats")
            .WithSummary("Documents per kind and language, this instance's index and query counts, the last reindex.");
        own.MapPost("/reindex", ReindexAsync).RequireAuthorization(Policies.Admin).WithName("Reindex")
            .WithSummary("Rebuild the search index in the background on every instance; progress at GET /api/v1/search/reindex.")
            .ProducesProblem(403);
        own.MapGet("/reindex", ReindexStatusAsync).RequireAuthorization(Policies.Viewer).WithName("ReindexStatus")
            .WithSummary("The state of the last reindex: queued, running (with progress), completed or failed.");
        return routes;
    }

    private static async Task<Ok<SearchResponse>> SearchAsync(string slug, [AsParameters] SearchQueryParams query, PublicWorkspaceLookup workspaces,
        SearchService search, CancellationToken cancellationToken)
    {
        var workspace = await workspaces.GetAsync(slug, cancellationToken);
        return TypedResults.Ok(await search.SearchAsync(workspace.Id, query, cancellationToken));
    }

    private static async Task<Ok<SuggestResponse>> SuggestAsync(string slug, [AsParameters] SuggestQueryParams query, PublicWorkspaceLookup workspaces,
        SearchService search, CancellationToken cancellationToken)
    {
        var workspace = await workspaces.GetAsync(slug, cancellationToken);
        return TypedResults.Ok(await search.SuggestAsync(workspace.Id, query, cancellationToken));
    }

    private static async Task<Ok<SearchStats>> StatsAsync(SearchService search, CancellationToken cancellationToken) =>
        TypedResults.Ok(await search.StatsAsync(cancellationToken));

    private static async Task<Accepted<ReindexState>> ReindexAsync(SearchService search, CancellationToken cancellationToken) =>
        TypedResults.Accepted("/api/v1/search/reindex", await search.RequestReindexAsync(cancellationToken));

    private static async Task<Ok<ReindexState>> ReindexStatusAsync(SearchService search, CancellationToken cancellationToken) =>
        TypedResults.Ok(await search.ReindexStatusAsync(cancellationToken));
}
