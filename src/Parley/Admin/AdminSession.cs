using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform.Tenancy;

namespace Parley.Admin;

/// <summary>
/// Sets the circuit's workspace context from the signed-in person (an interactive circuit has no request for the middleware to
/// resolve). The layout calls it before any page renders.
/// </summary>
public sealed class AdminSession(AuthenticationStateProvider authentication, WorkspaceContext workspace, WorkspaceResolver resolver, ParleyDb db)
{
    public string? Email { get; private set; }
    public string? WorkspaceName { get; private set; }
    public string? WorkspaceSlug { get; private set; }
    public WorkspaceRole Role => workspace.Role ?? WorkspaceRole.Viewer;
    public bool IsAdmin => Role >= WorkspaceRole.Admin;

    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        if (WorkspaceName is not null)
        {
            return true;
        }

        var state = await authentication.GetAuthenticationStateAsync();
        // On the server-rendered first pass the request middleware has already resolved the workspace; in a circuit nobody has.
        if (workspace.WorkspaceId is null)
        {
            var resolved = await resolver.ResolveAsync(state.User, state.User.FindFirstValue(Platform.Auth.ParleyClaims.WorkspaceId), cancellationToken);
            if (resolved is null)
            {
                return false;
            }

            workspace.Apply(resolved);
        }

        var current = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspace.WorkspaceId)
            .Select(w => new { w.Name, w.Slug }).FirstAsync(cancellationToken);
        Email = state.User.FindFirstValue(ClaimTypes.Email) ?? state.User.Identity?.Name;
        WorkspaceName = current.Name;
        WorkspaceSlug = current.Slug;
        return true;
    }

    public void Renamed(string name, string slug)
    {
        WorkspaceName = name;
        WorkspaceSlug = slug;
    }
}
