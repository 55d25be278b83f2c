using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Parley.Data;
using Parley.Platform.Errors;

namespace Parley.Features.Knowledge;

public sealed record PublicWorkspace(string Id, string Name, string Locale);

/// <summary>Public endpoints name a workspace by its slug; this finds it (cached briefly: a renamed slug answers 404 within a minute).</summary>
public sealed class PublicWorkspaceLookup(ParleyDb db, HybridCache cache)
{
    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromMinutes(1) };

    public async Task<PublicWorkspace> GetAsync(string slug, CancellationToken cancellationToken)
    {
        var normalized = slug.Trim().ToLowerInvariant();
        var found = normalized.Length is > 0 and <= 100
            ? await cache.GetOrCreateAsync("public-workspace:" + normalized, async ct =>
                await db.Workspaces.AsNoTracking().Where(w => w.Slug == normalized)
                    .Select(w => new PublicWorkspace(w.Id, w.Name, w.Locale)).FirstOrDefaultAsync(ct), Entry, cancellationToken: cancellationToken)
            : null;
        return found ?? throw new ApiException(404, "WORKSPACE_NOT_FOUND", "No business with this public address.");
    }
}
