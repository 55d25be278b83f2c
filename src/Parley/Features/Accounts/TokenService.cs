using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Platform.Auth;

namespace Parley.Features.Accounts;

public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

/// <summary>
/// Access tokens are the platform's bearer tickets, sealed with the shared Data Protection keys (so any instance reads them);
/// refresh tokens are opaque, stored hashed and replaced on every use.
/// </summary>
public sealed class TokenService(
    ParleyDb db,
    SignInManager<ParleyUser> signIn,
    IOptionsMonitor<BearerTokenOptions> bearer,
    IOptions<AuthOptions> auth,
    TimeProvider clock)
{
    public async Task<TokenResponse> IssueAsync(ParleyUser user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var options = bearer.Get(IdentityConstants.BearerScheme);
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration };
        var access = options.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme));

        var refresh = AuthSchemes.RefreshPrefix + SecretHash.NewSecret();
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = user.Id,
            TokenHash = SecretHash.Hash(refresh),
            CreatedAt = now.UtcDateTime,
            ExpiresAt = now.UtcDateTime.AddDays(auth.Value.RefreshTokenDays),
        });
        await db.SaveChangesAsync(cancellationToken);
        return new TokenResponse(access, refresh, (int)options.BearerTokenExpiration.TotalSeconds);
    }

    /// <summary>Trades a refresh token for new tokens. A token used twice means it leaked: every token of that user is revoked.</summary>
    public async Task<TokenResponse?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = SecretHash.Hash(refreshToken);
        var stored = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (stored.RevokedAt is not null)
        {
            await RevokeAllAsync(stored.UserId, cancellationToken);
            return null;
        }

        if (stored.ExpiresAt <= now)
        {
            return null;
        }

        var user = await signIn.UserManager.FindByIdAsync(stored.UserId);
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            return null;
        }

        // Claimed with a conditional update so two concurrent refreshes cannot both succeed.
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == stored.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        return claimed == 1 ? await IssueAsync(user, cancellationToken) : null;
    }

    public async Task RevokeAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var hash = SecretHash.Hash(refreshToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RefreshTokens.Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    public async Task RevokeAllAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    /// <summary>Deletes refresh tokens that expired, or were used or revoked longer ago than the retention period.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var revokedBefore = now.AddDays(-auth.Value.RevokedRetentionDays);
        return await db.RefreshTokens
            .Where(t => t.ExpiresAt <= now || (t.RevokedAt != null && t.RevokedAt <= revokedBefore))
            .ExecuteDeleteAsync(cancellationToken);
    }

    public static string? UserId(ClaimsPrincipal principal) => principal.FindFirstValue(ClaimTypes.NameIdentifier);
}
