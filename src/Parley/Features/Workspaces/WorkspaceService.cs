using Microsoft.EntityFrameworkCore;
using Parley.Data;
using Parley.Platform.Auth;
using Parley.Platform.Tenancy;

namespace Parley.Features.Workspaces;

public sealed record WorkspaceSummary(string Id, string Name, string Slug, WorkspaceRole Role);

public sealed record WorkspaceSettings(string Id, string Name, string Slug, string TimeZone, string Locale, string Plan, DateTime CreatedAt);

public sealed record WorkspaceSettingsUpdate(string? Name, string? Slug, string? TimeZone, string? Locale, string? Plan);

public sealed class WorkspaceService(ParleyDb db, IWorkspaceContext current, TimeProvider clock)
{
    public async Task<Workspace> CreateWithOwnerAsync(string name, string ownerUserId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var workspace = new Workspace { Name = name.Trim(), Slug = await UniqueSlugAsync(WorkspaceRules.Slugify(name), cancellationToken), CreatedAt = now };
        db.Workspaces.Add(workspace);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = ownerUserId, Role = WorkspaceRole.Owner, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return workspace;
    }

    public async Task<IReadOnlyList<WorkspaceSummary>> ListForUserAsync(string userId, CancellationToken cancellationToken) =>
        await db.WorkspaceMembers.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.CreatedAt)
            .Join(db.Workspaces, m => m.WorkspaceId, w => w.Id, (m, w) => new WorkspaceSummary(w.Id, w.Name, w.Slug, m.Role))
            .ToListAsync(cancellationToken);

    /// <summary>The caller's current workspace.</summary>
    public Task<WorkspaceSettings?> GetCurrentAsync(CancellationToken cancellationToken) =>
        db.Workspaces.AsNoTracking().Where(w => w.Id == current.WorkspaceId)
            .Select(w => new WorkspaceSettings(w.Id, w.Name, w.Slug, w.TimeZone, w.Locale, w.Plan, w.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Finds a workspace by its public slug, for public pages and endpoints.</summary>
    public Task<Workspace?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        db.Workspaces.AsNoTracking().FirstOrDefaultAsync(w => w.Slug == slug, cancellationToken);

    /// <summary>Applies the fields that are present; a slug already taken by another workspace is refused.</summary>
    public async Task<UpdateOutcome> UpdateCurrentAsync(WorkspaceSettingsUpdate update, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.FirstOrDefaultAsync(w => w.Id == current.WorkspaceId, cancellationToken);
        if (workspace is null)
        {
            return UpdateOutcome.NotFound;
        }

        if (update.Slug is not null && update.Slug != workspace.Slug &&
            await db.Workspaces.AnyAsync(w => w.Slug == update.Slug, cancellationToken))
        {
            return UpdateOutcome.SlugTaken;
        }

        if (update.Plan is not null && update.Plan != workspace.Plan && current.Role != WorkspaceRole.Owner)
        {
            return UpdateOutcome.OwnerOnly;
        }

        workspace.Name = update.Name?.Trim() ?? workspace.Name;
        workspace.Slug = update.Slug ?? workspace.Slug;
        workspace.TimeZone = update.TimeZone ?? workspace.TimeZone;
        workspace.Locale = update.Locale ?? workspace.Locale;
        workspace.Plan = update.Plan ?? workspace.Plan;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return UpdateOutcome.SlugTaken;
        }

        return UpdateOutcome.Updated;
    }

    private async Task<string> UniqueSlugAsync(string baseSlug, CancellationToken cancellationToken)
    {
        var slug = baseSlug;
        for (var attempt = 2; await db.Workspaces.AnyAsync(w => w.Slug == slug, cancellationToken); attempt++)
        {
            slug = attempt < 10 ? $"{baseSlug}-{attempt}" : $"{baseSlug}-{SecretHash.NewSecret(3).ToLowerInvariant().Replace('_', 'x')}";
        }

        return slug;
    }
}

public enum UpdateOutcome
{
    Updated,
    NotFound,
    SlugTaken,
    OwnerOnly,
}
