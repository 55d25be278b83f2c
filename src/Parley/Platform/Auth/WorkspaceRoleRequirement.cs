using Microsoft.AspNetCore.Authorization;
using Parley.Platform.Tenancy;

namespace Parley.Platform.Auth;

/// <summary>The caller must hold at least this role in the workspace the request resolved to.</summary>
public sealed record WorkspaceRoleRequirement(WorkspaceRole Minimum) : IAuthorizationRequirement;

internal sealed class WorkspaceRoleHandler(IWorkspaceContext workspace) : AuthorizationHandler<WorkspaceRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspaceRoleRequirement requirement)
    {
        if (workspace.Role is { } role && role >= requirement.Minimum)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
