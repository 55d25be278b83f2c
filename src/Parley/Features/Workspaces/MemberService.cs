using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Features.Accounts;
using Parley.Platform.Auth;
using Parley.Platform.Errors;
using Parley.Platform.Tenancy;

namespace Parley.Features.Workspaces;

public sealed record MemberView(string Id, string UserId, string Email, WorkspaceRole Role, DateTime CreatedAt);

public sealed record InvitationView(string Id, string Email, WorkspaceRole Role, DateTime CreatedAt, DateTime ExpiresAt);

/// <summary>The token is returned once, at creation; only its hash is stored.</summary>
public sealed record CreatedInvitation(string Id, string Email, WorkspaceRole Role, DateTime CreatedAt, DateTime ExpiresAt, string Token);

/// <summary>Members of the current workspace, their roles and invitations. Owners are protected from lock-out.</summary>
public sealed class MemberService(ParleyDb db, IWorkspaceContext current, UserManager<ParleyUser> users, IOptions<AuthOptions> auth, TimeProvider clock)
{
    public async Task<IReadOnlyList<MemberView>> ListAsync(CancellationToken cancellationToken) =>
        await db.WorkspaceMembers.AsNoTracking()
            .OrderBy(m => m.CreatedAt)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberView(m.Id, u.Id, u.Email!, m.Role, m.CreatedAt))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<InvitationView>> ListInvitationsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.WorkspaceInvitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.CreatedAt)
            .Select(i => new InvitationView(i.Id, i.Email, i.Role, i.CreatedAt, i.ExpiresAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<CreatedInvitation> InviteAsync(string email, WorkspaceRole role, CancellationToken cancellationToken)
    {
        EnsureMayGrant(role);
        var normalized = email.Trim().ToLowerInvariant();
        var alreadyMember = await db.WorkspaceMembers.Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.NormalizedEmail)
            .AnyAsync(e => e == normalized.ToUpperInvariant(), cancellationToken);
        if (alreadyMember)
        {
            throw new ApiException(409, "MEMBER_EXISTS", "This person is already a member of the workspace.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var token = SecretHash.NewSecret();
        var invitation = new WorkspaceInvitation
        {
            WorkspaceId = current.WorkspaceId!,
            Email = normalized,
            Role = role,
            TokenHash = SecretHash.Hash(token),
            InvitedByUserId = current.UserId,
            CreatedAt = now,
            ExpiresAt = now.AddDays(auth.Value.InvitationDays),
        };
        db.WorkspaceInvitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedInvitation(invitation.Id, invitation.Email, role, now, invitation.ExpiresAt, token);
    }

    public async Task<bool> CancelInvitationAsync(string id, CancellationToken cancellationToken) =>
        await db.WorkspaceInvitations.Where(i => i.Id == id && i.AcceptedAt == null).ExecuteDeleteAsync(cancellationToken) == 1;

    /// <summary>Accepts an invitation (anonymous: the token is the proof). Creates the account when the email has none.</summary>
    public async Task<ParleyUser> AcceptAsync(string token, string? password, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = SecretHash.Hash(token);
        var invitation = await db.WorkspaceInvitations.IgnoreQueryFilters()
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.ExpiresAt > now, cancellationToken)
            ?? throw new ApiException(404, "INVITATION_NOT_FOUND", "This invitation does not exist, was used or has expired.");

        var user = await users.FindByEmailAsync(invitation.Email);
        if (user is null)
        {
            if (string.IsNullOrEmpty(password))
            {
                throw new ApiException(400, ErrorCodes.Validation, "A password is needed to create the account.",
                    new Dictionary<string, string[]> { ["password"] = ["password is required."] });
            }

            user = new ParleyUser { Email = invitation.Email, UserName = invitation.Email, EmailConfirmed = true, CreatedAt = now };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw IdentityErrors.ToApiException(created);
            }
        }

        invitation.AcceptedAt = now;
        var isMember = await db.WorkspaceMembers.IgnoreQueryFilters()
            .AnyAsync(m => m.WorkspaceId == invitation.WorkspaceId && m.UserId == user.Id, cancellationToken);
        if (!isMember)
        {
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = invitation.WorkspaceId, UserId = user.Id, Role = invitation.Role, CreatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    public async Task<MemberView> ChangeRoleAsync(string memberId, WorkspaceRole role, CancellationToken cancellationToken)
    {
        var member = await db.WorkspaceMembers.FirstOrDefaultAsync(m => m.Id == memberId, cancellationToken)
            ?? throw new ApiException(404, "MEMBER_NOT_FOUND", "No member with this id in the workspace.");
        EnsureMayGrant(role);
        EnsureMayGrant(member.Role);
        if (member.Role == WorkspaceRole.Owner && role != WorkspaceRole.Owner)
        {
            await EnsureAnotherOwnerAsync(member.Id, cancellationToken);
        }

        member.Role = role;
        await db.SaveChangesAsync(cancellationToken);
        var email = await db.Users.Where(u => u.Id == member.UserId).Select(u => u.Email!).FirstAsync(cancellationToken);
        return new MemberView(member.Id, member.UserId, email, member.Role, member.CreatedAt);
    }

    public async Task RemoveAsync(string memberId, CancellationToken cancellationToken)
    {
        var member = await db.WorkspaceMembers.FirstOrDefaultAsync(m => m.Id == memberId, cancellationToken)
            ?? throw new ApiException(404, "MEMBER_NOT_FOUND", "No member with this id in the workspace.");
        EnsureMayGrant(member.Role);
        if (member.Role == WorkspaceRole.Owner)
        {
            await EnsureAnotherOwnerAsync(member.Id, cancellationToken);
        }

        db.WorkspaceMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void EnsureMayGrant(WorkspaceRole role)
    {
        if (role == WorkspaceRole.Owner && current.Role != WorkspaceRole.Owner)
        {
            throw new ApiException(403, ErrorCodes.Forbidden, "Only an owner can grant, change or remove the owner role.");
        }
    }

    private async Task EnsureAnotherOwnerAsync(string memberId, CancellationToken cancellationToken)
    {
        if (!await db.WorkspaceMembers.AnyAsync(m => m.Role == WorkspaceRole.Owner && m.Id != memberId, cancellationToken))
        {
            throw new ApiException(409, "LAST_OWNER", "A workspace must keep at least one owner.");
        }
    }

    /// <summary>Deletes invitations that expired or were accepted, in every workspace.</summary>
    public async Task<int> PurgeStaleInvitationsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.WorkspaceInvitations.IgnoreQueryFilters()
            .Where(i => i.ExpiresAt <= now || i.AcceptedAt != null).ExecuteDeleteAsync(cancellationToken);
    }
}
