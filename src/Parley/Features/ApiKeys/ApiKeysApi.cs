using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;
using Parley.Platform.Tenancy;

namespace Parley.Features.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes) : IValidatable
{
    public void Validate(Validator v)
    {
        if (v.Required("name", Name))
        {
            v.Length("name", Name, 1, ApiKeyRules.NameMaxLength);
        }

        if (Scopes is null || Scopes.Count == 0)
        {
            v.Add("scopes", "scopes must list at least one of: read, write, admin.");
        }
        else if (Scopes.Any(s => !ApiKeyScopes.All.Contains(s)))
        {
            v.Add("scopes", "scopes may only contain: read, write, admin.");
        }
    }
}

public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/v1/api-keys").WithTags("API keys").ValidateArguments()
            .RequireAuthorization(Policies.Admin).RequireRateLimiting(RateLimitSetup.ApiPolicy);
        keys.MapPost("/", CreateAsync).WithName("CreateApiKey")
            .WithSummary("Create a workspace API key with scopes read / write / admin. The key is returned only in this response.")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("Active API keys (without their secrets).")
            .ProducesProblem(401).ProducesProblem(403);
        keys.MapDelete("/{id}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revoke a key: it stops working at once.")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return routes;
    }

    private static async Task<Created<CreatedApiKey>> CreateAsync(CreateApiKeyRequest request, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(request.Name!, request.Scopes!, cancellationToken);
        return TypedResults.Created($"/api/v1/api-keys/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListAsync([AsParameters] Page page, ApiKeyService keys, HttpContext http, CancellationToken cancellationToken)
    {
        var (items, total) = await keys.ListAsync(page, cancellationToken);
        return ListResults.Ok(http, items, total);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("API_KEY_NOT_FOUND", "No active API key with this id in the workspace.");
}
