using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Features.Workspaces;
using Parley.Platform.Errors;
using Parley.Platform.RateLimiting;
using Parley.Platform.Tenancy;

namespace Parley.Features.Accounts;

public sealed record RegisterRequest(string? Email, string? Password, string? WorkspaceName) : IValidatable
{
    public void Validate(Validator v)
    {
        v.Email("email", Email);
        if (v.Required("password", Password))
        {
            v.Length("password", Password, 8, 128);
        }

        if (v.Required("workspace_name", WorkspaceName))
        {
            v.Length("workspace_name", WorkspaceName, 1, WorkspaceRules.NameMaxLength);
        }
    }
}

public sealed record LoginRequest(string? Email, string? Password) : IValidatable
{
    public void Validate(Validator v)
    {
        v.Required("email", Email);
        v.Required("password", Password);
    }
}

public sealed record RefreshRequest(string? RefreshToken) : IValidatable
{
    public void Validate(Validator v) => v.Required("refresh_token", RefreshToken);
}

public sealed record AcceptInvitationRequest(string? Token, string? Password) : IValidatable
{
    public void Validate(Validator v)
    {
        v.Required("token", Token);
        v.Length("password", Password, 8, 128);
    }
}

public sealed record UserView(string Id, string Email);

public sealed record WorkspaceRef(string Id, string Name, string Slug);

public sealed record RegisterResponse(UserView User, WorkspaceRef Workspace, string AccessToken, string RefreshToken, int ExpiresIn, string TokenType);

public sealed record MeWorkspace(string Id, string Name, string Slug, WorkspaceRole Role);

public sealed record MeApiKey(string Id, string Name);

public sealed record MeResponse(UserView? User, MeApiKey? ApiKey, MeWorkspace? Workspace, IReadOnlyList<MeWorkspace> Workspaces);

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/v1/auth").WithTags("Auth").ValidateArguments()
            .RequireRateLimiting(RateLimitSetup.AuthPolicy);
        auth.MapPost("/register", RegisterAsync).WithName("Register").WithSummary("Create an account together with its first workspace (you become its owner).")
            .ProducesProblem(400).ProducesProblem(409);
        auth.MapPost("/login", LoginAsync).WithName("Login").WithSummary("Exchange email and password for tokens; repeated failures lock the account for a while.")
            .ProducesProblem(400).ProducesProblem(401);
        auth.MapPost("/refresh", RefreshAsync).WithName("Refresh").WithSummary("Exchange a refresh token for new tokens (each refresh token works once).")
            .ProducesProblem(401);
        auth.MapPost("/logout", LogoutAsync).WithName("Logout").WithSummary("Revoke a refresh token.");
        auth.MapPost("/accept-invitation", AcceptInvitationAsync).WithName("AcceptInvitation")
            .WithSummary("Join a workspace with an invitation token; creates the account when the email has none (then a password is required).")
            .ProducesProblem(400).ProducesProblem(404);

        routes.MapGet("/api/v1/me", MeAsync).WithTags("Auth").WithName("Me").RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.ApiPolicy)
            .WithSummary("The caller: the user (or API key), the workspace this request acts in, and all their workspaces with roles. Send X-Workspace-Id to choose.")
            .ProducesProblem(401);
        return routes;
    }

    private static async Task<Created<RegisterResponse>> RegisterAsync(
        RegisterRequest request, AccountService accounts, TokenService tokens, CancellationToken cancellationToken)
    {
        var (user, workspace) = await accounts.RegisterAsync(request.Email!, request.Password!, request.WorkspaceName!, cancellationToken);
        var issued = await tokens.IssueAsync(user, cancellationToken);
        var body = new RegisterResponse(new UserView(user.Id, user.Email!), new WorkspaceRef(workspace.Id, workspace.Name, workspace.Slug),
            issued.AccessToken, issued.RefreshToken, issued.ExpiresIn, issued.TokenType);
        return TypedResults.Created("/api/v1/me", body);
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, AccountService accounts, TokenService tokens, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var check = await accounts.CheckPasswordAsync(request.Email!, request.Password!);
        switch (check.Outcome)
        {
            case SignInOutcome.Succeeded:
                return TypedResults.Ok(await tokens.IssueAsync(check.User!, cancellationToken));
            case SignInOutcome.LockedOut:
                var locked = AccountService.Locked(check.LockedUntil, clock.GetUtcNow(), out var retryAfter);
                http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problems.Create(locked.Status, locked.Code, locked.Message);
            default:
                return Problems.Create(401, "INVALID_CREDENTIALS", "The email or password is wrong.");
        }
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, TokenService tokens, CancellationToken cancellationToken)
    {
        var issued = await tokens.RefreshAsync(request.RefreshToken!, cancellationToken);
        return issued is null
            ? Problems.Create(401, "INVALID_REFRESH_TOKEN", "The refresh token is unknown, expired or already used.")
            : TypedResults.Ok(issued);
    }

    private static async Task<NoContent> LogoutAsync(RefreshRequest request, TokenService tokens, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(request.RefreshToken!, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TokenResponse>> AcceptInvitationAsync(
        AcceptInvitationRequest request, MemberService members, TokenService tokens, CancellationToken cancellationToken)
    {
        var user = await members.AcceptAsync(request.Token!, request.Password, cancellationToken);
        return TypedResults.Ok(await tokens.IssueAsync(user, cancellationToken));
    }

    private static async Task<Ok<MeResponse>> MeAsync(
        HttpContext http, IWorkspaceContext current, WorkspaceService workspaces, ParleyDb db, CancellationToken cancellationToken)
    {
        if (current.ApiKeyId is { } keyId)
        {
            var key = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => new MeApiKey(k.Id, k.Name)).FirstAsync(cancellationToken);
            var ws = await workspaces.GetCurrentAsync(cancellationToken);
            var one = ws is null ? null : new MeWorkspace(ws.Id, ws.Name, ws.Slug, current.Role!.Value);
            return TypedResults.Ok(new MeResponse(null, key, one, one is null ? [] : [one]));
        }

        var userId = TokenService.UserId(http.User)!;
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email!).FirstAsync(cancellationToken);
        var all = (await workspaces.ListForUserAsync(userId, cancellationToken)).Select(w => new MeWorkspace(w.Id, w.Name, w.Slug, w.Role)).ToList();
        return TypedResults.Ok(new MeResponse(new UserView(userId, email), null, all.FirstOrDefault(w => w.Id == current.WorkspaceId), all));
    }
}
