using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Parley.Features.Workspaces;

namespace Parley.Features.Chat;

public sealed record ChatWorkspace(string Id, string Name, string Slug, string Locale);

/// <summary>
/// Public slug → workspace, remembered for <c>Chat:SlugCacheSeconds</c> so a busy widget does not look its workspace up on
/// every message. Only slugs that exist are remembered (unknown ones cannot grow the cache); a renamed slug answers under its
/// old name until the entry expires.
/// </summary>
public sealed class ChatWorkspaces(IOptions<ChatOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (ChatWorkspace Workspace, long Expires)> _bySlug = new(StringComparer.Ordinal);

    public async Task<ChatWorkspace?> FindAsync(string slug, Func<WorkspaceService> workspaces, CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        if (_bySlug.TryGetValue(slug, out var cached) && cached.Expires > now)
        {
            return cached.Workspace;
        }

        if (slug.Length is 0 or > WorkspaceRules.SlugMaxLength)
        {
            return null;
        }

        var found = await workspaces().FindBySlugAsync(slug, cancellationToken);
        if (found is null)
        {
            _bySlug.TryRemove(slug, out _);
            return null;
        }

        var workspace = new ChatWorkspace(found.Id, found.Name, found.Slug, found.Locale);
        var seconds = options.Value.SlugCacheSeconds;
        if (seconds > 0)
        {
            _bySlug[slug] = (workspace, now + (seconds * clock.TimestampFrequency));
        }

        return workspace;
    }
}
