using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Platform;
using Parley.Platform.Auth;
using Parley.Platform.Tenancy;

namespace Parley.Features.ApiKeys;

public static class ApiKeyRules
{
    public const int NameMaxLength = 100;
}

public sealed record ApiKeyView(string Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? LastUsedAt);

/// <summary>Shown once: the only response that carries the key itself.</summary>
public sealed record CreatedApiKey(string Id, string Name, IReadOnlyList<string> Scopes, string Key, DateTime CreatedAt);

public sealed record AuthenticatedKey(string Id, string WorkspaceId, string Name, IReadOnlyList<string> Scopes);

public sealed class ApiKeyService(ParleyDb db, IWorkspaceContext current, IOptions<AuthOptions> auth, TimeProvider clock)
{
    /// <summary>Last-use times are written at most this often, so a busy key does not write on every request.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedApiKey> CreateAsync(string name, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var key = AuthSchemes.ApiKeyPrefix + SecretHash.NewSecret();
        var entity = new ApiKey
        {
            WorkspaceId = current.WorkspaceId!,
            Name = name.Trim(),
            Prefix = key[..10],
            KeyHash = SecretHash.Hash(key),
            Scopes = ApiKeyScopes.All.Where(scopes.Contains).ToList(),
            CreatedByUserId = current.UserId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(entity.Id, entity.Name, entity.Scopes, key, entity.CreatedAt);
    }

    public async Task<(IReadOnlyList<ApiKeyView> Items, int Total)> ListAsync(Page page, CancellationToken cancellationToken)
    {
        var active = db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null);
        var total = await active.CountAsync(cancellationToken);
        var items = await active.OrderByDescending(k => k.CreatedAt).Apply(page)
            .Select(k => new ApiKeyView(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.LastUsedAt))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken) == 1;
    }

    /// <summary>Looks a presented key up across all workspaces (the key names its workspace).</summary>
    public async Task<AuthenticatedKey?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!presented.StartsWith(AuthSchemes.ApiKeyPrefix, StringComparison.Ordinal) || presented.Length > 100)
        {
            return null;
        }

        var hash = SecretHash.Hash(presented);
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.WorkspaceId, k.Name, k.Scopes, k.LastUsedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt.Value > LastUsedResolution)
        {
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return new AuthenticatedKey(key.Id, key.WorkspaceId, key.Name, key.Scopes);
    }

    /// <summary>Deletes keys revoked longer ago than the retention period.</summary>
    public async Task<int> PurgeRevokedAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-auth.Value.RevokedRetentionDays);
        return await db.ApiKeys.IgnoreQueryFilters().Where(k => k.RevokedAt != null && k.RevokedAt <= before).ExecuteDeleteAsync(cancellationToken);
    }
}
