using Microsoft.AspNetCore.Identity;
using Parley.Data;
using Parley.Features.Workspaces;
using Parley.Platform.Errors;

namespace Parley.Features.Accounts;

public enum SignInOutcome
{
    Succeeded,
    InvalidCredentials,
    LockedOut,
}

public sealed record SignInCheck(SignInOutcome Outcome, ParleyUser? User, DateTimeOffset? LockedUntil);

/// <summary>Registration and password checks, shared by the API (tokens) and the admin UI (cookie).</summary>
public sealed class AccountService(
    ParleyDb db, UserManager<ParleyUser> users, SignInManager<ParleyUser> signIn, WorkspaceService workspaces, TimeProvider clock)
{
    /// <summary>Creates the account and its first workspace in one transaction; the new user owns the workspace.</summary>
    public async Task<(ParleyUser User, Workspace Workspace)> RegisterAsync(string email, string password, string workspaceName, CancellationToken cancellationToken)
    {
        email = email.Trim();
        var user = new ParleyUser { Email = email, UserName = email, CreatedAt = clock.GetUtcNow().UtcDateTime };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw IdentityErrors.ToApiException(created);
        }

        var workspace = await workspaces.CreateWithOwnerAsync(workspaceName, user.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user, workspace);
    }

    /// <summary>Checks a password, counting failures towards the lockout.</summary>
    public async Task<SignInCheck> CheckPasswordAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return new SignInCheck(SignInOutcome.InvalidCredentials, null, null);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return new SignInCheck(SignInOutcome.LockedOut, user, await users.GetLockoutEndDateAsync(user));
        }

        return result.Succeeded ? new SignInCheck(SignInOutcome.Succeeded, user, null) : new SignInCheck(SignInOutcome.InvalidCredentials, null, null);
    }

    public static ApiException Locked(DateTimeOffset? until, DateTimeOffset now, out int retryAfterSeconds)
    {
        retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(((until ?? now) - now).TotalSeconds));
        return new ApiException(401, "ACCOUNT_LOCKED",
            $"Too many failed attempts: the account is locked for {Math.Ceiling(retryAfterSeconds / 60.0)} more minute(s).");
    }
}
