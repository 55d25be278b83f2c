using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Data;
using Parley.Platform.Caching;
using StackExchange.Redis;

namespace Parley.Features.Knowledge;

/// <summary>
/// Each instance's view of every workspace's knowledge-base version (<see cref="KnowledgeBaseState.Version"/>). A version read
/// from the database is trusted for <see cref="KnowledgeOptions.VersionCheckSeconds"/>; changes made here, or announced over
/// Redis, are applied at once. The search index and the public cache key on it, so they follow every change on every instance.
/// </summary>
public sealed class KnowledgeVersions(IServiceScopeFactory scopes, IOptions<KnowledgeOptions> options)
{
    private readonly ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);

    private sealed record Known(long Version, long CheckedAt);

    public async ValueTask<long> CurrentAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var maxAge = TimeSpan.FromSeconds(options.Value.VersionCheckSeconds);
        if (_known.TryGetValue(workspaceId, out var known) && Stopwatch.GetElapsedTime(known.CheckedAt) < maxAge)
        {
            return known.Version;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var version = await db.Set<KnowledgeBaseState>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.WorkspaceId == workspaceId).Select(s => s.Version).FirstOrDefaultAsync(cancellationToken);
        return Observe(workspaceId, version, checkedNow: true);
    }

    /// <summary>Records a version seen here or announced by another instance; versions only move forward.</summary>
    public long Observe(string workspaceId, long version, bool checkedNow = false)
    {
        var now = Stopwatch.GetTimestamp();
        var result = _known.AddOrUpdate(workspaceId,
            _ => new Known(version, checkedNow ? now : 0),
            (_, old) => version >= old.Version ? new Known(version, checkedNow ? now : old.CheckedAt) : old with { CheckedAt = checkedNow ? now : old.CheckedAt });
        return result.Version;
    }
}

/// <summary>Tells other instances that a workspace's knowledge changed (Redis pub/sub when configured; otherwise they poll the version).</summary>
public interface IKnowledgeChangeBus
{
    Task PublishAsync(string workspaceId, long version, CancellationToken cancellationToken);
}

internal sealed class NoKnowledgeChangeBus : IKnowledgeChangeBus
{
    public Task PublishAsync(string workspaceId, long version, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Publishes and receives <c>{workspace id} {version}</c> on one Redis channel; a lost message is covered by the version check.</summary>
internal sealed partial class RedisKnowledgeChangeBus(IConfiguration configuration, KnowledgeVersions versions, ILogger<RedisKnowledgeChangeBus> logger)
    : IKnowledgeChangeBus, IHostedService, IAsyncDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("parley:knowledge:changed");
    private ConnectionMultiplexer? _redis;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var config = ConfigurationOptions.Parse(RedisSetup.ConnectionString(configuration)!);
            config.AbortOnConnectFail = false;
            _redis = await ConnectionMultiplexer.ConnectAsync(config);
            await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message));
        }
        catch (RedisException e)
        {
            LogUnavailable(logger, e.Message);
        }
    }

    public async Task PublishAsync(string workspaceId, long version, CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            return;
        }

        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel, $"{workspaceId} {version.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (RedisException e)
        {
            LogUnavailable(logger, e.Message);
        }
    }

    private void Receive(RedisValue message)
    {
        var parts = message.ToString().Split(' ');
        if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            versions.Observe(parts[0], version);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Knowledge change notifications over Redis are unavailable ({Reason}); instances fall back to checking the version.")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
