using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;
using Parley.Platform.Tenancy;

namespace Parley.Features.Workspaces;

public sealed record UpdateWorkspaceRequest(string? Name, string? Slug, string? TimeZone, string? Locale, string? Plan) : IValidatable
{
    public void Validate(Validator v) => WorkspaceRules.ValidateSettings(v, Name, Slug, TimeZone, Locale, Plan);
}

public sealed record InviteRequest(string? Email, WorkspaceRole? Role) : IValidatable
{
    public void Validate(Validator v)
    {
        v.Email("email", Email);
        if (Role is null)
        {
            v.Add("role", "role is required: owner, admin, agent or viewer.");
        }
    }
}

public sealed record ChangeRoleRequest(WorkspaceRole? Role) : IValidatable
{
    public void Validate(Validator v)
    {
        if (Role is null)
        {
            v.Add("role", "role is required: owner, admin, agent or viewer.");
        }
    }
}

public sealed record InvitationCreatedResponse(string Id, string Email, WorkspaceRole Role, DateTime CreatedAt, DateTime ExpiresAt, string Token, string AcceptUrl);

public static class WorkspaceApi
{
    public static IEndpointRouteBuilder MapWorkspaces(this IEndpointRouteBuilder routes)
    {
        var workspace = routes.MapGroup("/api/v1/workspace").WithTags("Workspace").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy);
        workspace.MapGet("/", GetAsync).RequireAuthorization(Policies.Viewer).WithName("GetWorkspace")
            .WithSummary("The current workspace's settings.").ProducesProblem(401).ProducesProblem(403);
        workspace.MapPut("/", UpdateAsync).RequireAuthorization(Policies.Admin).WithName("UpdateWorkspace")
            .WithSummary("Change name, public slug, time zone (IANA), locale (pl/en/de/ru) or plan (owner only). Absent fields stay as they are.")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);

        var members = routes.MapGroup("/api/v1/members").WithTags("Members").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy);
        members.MapGet("/", ListMembersAsync).RequireAuthorization(Policies.Viewer).WithName("ListMembers").WithSummary("Members and their roles.");
        members.MapPut("/{id}", ChangeRoleAsync).RequireAuthorization(Policies.Admin).WithName("ChangeMemberRole")
            .WithSummary("Change a member's role. Only owners grant or take away the owner role; the last owner stays.")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        members.MapDelete("/{id}", RemoveAsync).RequireAuthorization(Policies.Admin).WithName("RemoveMember")
            .WithSummary("Remove a member from the workspace.").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        members.MapGet("/invitations", ListInvitationsAsync).RequireAuthorization(Policies.Admin).WithName("ListInvitations")
            .WithSummary("Pending invitations.");
        members.MapPost("/invitations", InviteAsync).RequireAuthorization(Policies.Admin).WithName("InviteMember")
            .WithSummary("Invite someone by email with a role. The token and accept link are shown only in this response.")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        members.MapDelete("/invitations/{id}", CancelInvitationAsync).RequireAuthorization(Policies.Admin).WithName("CancelInvitation")
            .WithSummary("Withdraw a pending invitation.").ProducesProblem(404);
        return routes;
    }

    private static async Task<Results<Ok<WorkspaceSettings>, ProblemHttpResult>> GetAsync(WorkspaceService service, CancellationToken cancellationToken) =>
        await service.GetCurrentAsync(cancellationToken) is { } settings ? TypedResults.Ok(settings) : NotFound();

    private static async Task<Results<Ok<WorkspaceSettings>, ProblemHttpResult>> UpdateAsync(
        UpdateWorkspaceRequest request, WorkspaceService service, CancellationToken cancellationToken)
    {
        var outcome = await service.UpdateCurrentAsync(new WorkspaceSettingsUpdate(request.Name, request.Slug, request.TimeZone, request.Locale, request.Plan), cancellationToken);
        return outcome switch
        {
            UpdateOutcome.SlugTaken => Problems.Conflict("SLUG_TAKEN", "Another workspace already uses this slug.",
                new Dictionary<string, string[]> { ["slug"] = ["slug is already taken."] }),
            UpdateOutcome.OwnerOnly => Problems.Forbidden("Only an owner can change the plan."),
            UpdateOutcome.NotFound => NotFound(),
            _ => TypedResults.Ok((await service.GetCurrentAsync(cancellationToken))!),
        };
    }

    private static ProblemHttpResult NotFound() => Problems.NotFound("WORKSPACE_NOT_FOUND", "The workspace does not exist.");

    private static async Task<Ok<IReadOnlyList<MemberView>>> ListMembersAsync(MemberService members, HttpContext http, CancellationToken cancellationToken)
    {
        var list = await members.ListAsync(cancellationToken);
        return ListResults.Ok(http, list, list.Count);
    }

    private static async Task<Ok<MemberView>> ChangeRoleAsync(string id, ChangeRoleRequest request, MemberService members, CancellationToken cancellationToken) =>
        TypedResults.Ok(await members.ChangeRoleAsync(id, request.Role!.Value, cancellationToken));

    private static async Task<NoContent> RemoveAsync(string id, MemberService members, CancellationToken cancellationToken)
    {
        await members.RemoveAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<InvitationView>>> ListInvitationsAsync(MemberService members, HttpContext http, CancellationToken cancellationToken)
    {
        var list = await members.ListInvitationsAsync(cancellationToken);
        return ListResults.Ok(http, list, list.Count);
    }

    private static async Task<Created<InvitationCreatedResponse>> InviteAsync(
        InviteRequest request, MemberService members, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await members.InviteAsync(request.Email!, request.Role!.Value, cancellationToken);
        var acceptUrl = $"{http.Request.Scheme}://{http.Request.Host}/accept-invitation?token={Uri.EscapeDataString(created.Token)}";
        return TypedResults.Created($"/api/v1/members/invitations/{created.Id}",
            new InvitationCreatedResponse(created.Id, created.Email, created.Role, created.CreatedAt, created.ExpiresAt, created.Token, acceptUrl));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelInvitationAsync(string id, MemberService members, CancellationToken cancellationToken) =>
        await members.CancelInvitationAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("INVITATION_NOT_FOUND", "No pending invitation with this id.");
}
