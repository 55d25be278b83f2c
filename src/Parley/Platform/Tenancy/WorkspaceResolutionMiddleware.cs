using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform.Auth;
using Parley.Platform.Errors;

namespace Parley.Platform.Tenancy;

/// <summary>
/// After authentication, decides which workspace the request acts in and with which role:
/// an API key is bound to one; a person picks one of theirs with <c>X-Workspace-Id</c> (default: the first they joined).
/// </summary>
internal sealed class WorkspaceResolutionMiddleware(RequestDelegate next)
{
    public const string WorkspaceHeader = "X-Workspace-Id";
    public const string WorkspaceQuery = "workspace_id";

    public async Task InvokeAsync(HttpContext http, WorkspaceContext workspace, ParleyDb db)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            if (user.FindFirstValue(ParleyClaims.ApiKeyId) is { } keyId)
            {
                workspace.SetApiKey(user.FindFirstValue(ParleyClaims.WorkspaceId)!, RoleForScopes(user), keyId);
            }
            else if (user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
            {
                var requested = http.Request.Headers[WorkspaceHeader].ToString();
                var explicitChoice = requested.Length > 0;
                if (!explicitChoice && http.Request.Path.StartsWithSegments("/hubs") && http.Request.Query.TryGetValue(WorkspaceQuery, out var fromQuery))
                {
                    // WebSocket clients in browsers cannot send headers.
                    requested = fromQuery.ToString();
                    explicitChoice = requested.Length > 0;
                }

                if (!explicitChoice)
                {
                    requested = user.FindFirstValue(ParleyClaims.WorkspaceId) ?? string.Empty;
                }

                var membership = await db.WorkspaceMembers.IgnoreQueryFilters().AsNoTracking()
                    .Where(m => m.UserId == userId && (requested == string.Empty || m.WorkspaceId == requested))
                    .OrderBy(m => m.CreatedAt)
                    .Select(m => new { m.WorkspaceId, m.Role })
                    .FirstOrDefaultAsync(http.RequestAborted);

                if (membership is null && explicitChoice)
                {
                    await Problems.NotFound("WORKSPACE_NOT_FOUND", "No workspace with this id is yours.").ExecuteAsync(http);
                    return;
                }

                if (membership is not null)
                {
                    workspace.SetUser(membership.WorkspaceId, membership.Role, userId);
                }
            }
        }

        await next(http);
    }

    private static WorkspaceRole RoleForScopes(ClaimsPrincipal user)
    {
        var scopes = user.FindAll(ParleyClaims.Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return scopes.Contains(ApiKeyScopes.Admin) ? WorkspaceRole.Admin
            : scopes.Contains(ApiKeyScopes.Write) ? WorkspaceRole.Agent
            : WorkspaceRole.Viewer;
    }
}

public static class ApiKeyScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public static readonly IReadOnlyList<string> All = [Read, Write, Admin];
}
