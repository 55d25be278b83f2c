using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform.Auth;

namespace Parley.Platform.Tenancy;

public sealed record ResolvedWorkspace(string WorkspaceId, WorkspaceRole Role, string? UserId, string? ApiKeyId);

/// <summary>
/// Decides which workspace a signed-in caller acts in, and with which role: an API key is bound to one; a person picks one of
/// theirs by id (default: the first they joined). Used by the request middleware, the hub and the admin circuit alike.
/// </summary>
public sealed class WorkspaceResolver(ParleyDb db)
{
    public async Task<ResolvedWorkspace?> ResolveAsync(ClaimsPrincipal user, string? requestedWorkspaceId, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        if (user.FindFirstValue(ParleyClaims.ApiKeyId) is { } keyId)
        {
            return new ResolvedWorkspace(user.FindFirstValue(ParleyClaims.WorkspaceId)!, RoleForScopes(user), null, keyId);
        }

        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }

        var requested = requestedWorkspaceId ?? string.Empty;
        var membership = await db.WorkspaceMembers.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == userId && (requested == string.Empty || m.WorkspaceId == requested))
            .OrderBy(m => m.CreatedAt)
            .Select(m => new { m.WorkspaceId, m.Role })
            .FirstOrDefaultAsync(cancellationToken);
        return membership is null ? null : new ResolvedWorkspace(membership.WorkspaceId, membership.Role, userId, null);
    }

    private static WorkspaceRole RoleForScopes(ClaimsPrincipal user)
    {
        var scopes = user.FindAll(ParleyClaims.Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return scopes.Contains(ApiKeyScopes.Admin) ? WorkspaceRole.Admin
            : scopes.Contains(ApiKeyScopes.Write) ? WorkspaceRole.Agent
            : WorkspaceRole.Viewer;
    }
}

public static class WorkspaceContextExtensions
{
    public static void Apply(this WorkspaceContext context, ResolvedWorkspace resolved)
    {
        if (resolved.ApiKeyId is not null)
        {
            context.SetApiKey(resolved.WorkspaceId, resolved.Role, resolved.ApiKeyId);
        }
        else
        {
            context.SetUser(resolved.WorkspaceId, resolved.Role, resolved.UserId!);
        }
    }
}
