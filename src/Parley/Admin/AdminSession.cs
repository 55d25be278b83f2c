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
public sealed class AdminSession(AuthenticationStateProvider authentication, WorkspaceContext workspace, ParleyDb db)
{
    public string? Email { get; private set; }
    public string? WorkspaceName { get; private set; }
    public string? WorkspaceSlug { get; private set; }
    public WorkspaceRole Role => workspace.Role ?? WorkspaceRole.Viewer;
    public bool IsAdmin => Role >= WorkspaceRole.Admin;

    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        if (workspace.WorkspaceId is not null)
        {
            return true;
        }

        var state = await authentication.GetAuthenticationStateAsync();
        var userId = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return false;
        }

        var membership = await db.WorkspaceMembers.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.CreatedAt)
            .Join(db.Workspaces, m => m.WorkspaceId, w => w.Id, (m, w) => new { m.WorkspaceId, m.Role, w.Name, w.Slug })
            .FirstOrDefaultAsync(cancellationToken);
        if (membership is null)
        {
            return false;
        }

        workspace.SetUser(membership.WorkspaceId, membership.Role, userId);
        Email = state.User.FindFirstValue(ClaimTypes.Email) ?? state.User.Identity?.Name;
        WorkspaceName = membership.Name;
        WorkspaceSlug = membership.Slug;
        return true;
    }

    public void Renamed(string name, string slug)
    {
        WorkspaceName = name;
        WorkspaceSlug = slug;
    }
}
