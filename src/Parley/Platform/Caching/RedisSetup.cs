using System.Runtime.CompilerServices;

namespace Parley.Platform.Caching;

/// <summary>
/// Configuration key <c>Redis:Configuration</c> (a StackExchange.Redis connection string). Empty: one instance, in-memory cache.
/// Set: HybridCache uses Redis as its second level and SignalR uses it as a backplane, so several instances act as one.
/// </summary>
public static class RedisSetup
{
    public const string Key = "Redis:Configuration";

    public static string? ConnectionString(IConfiguration configuration) =>
        configuration[Key] is { Length: > 0 } value ? value : null;

    public static IServiceCollection AddParleyCaching(this IServiceCollection services, IConfiguration configuration)
    {
        if (ConnectionString(configuration) is { } redis)
        {
            AddRedisCache(services, redis);
        }

        services.AddHybridCache(o => o.DefaultEntryOptions = new() { Expiration = TimeSpan.FromMinutes(5), LocalCacheExpiration = TimeSpan.FromMinutes(1) });
        return services;
    }

    // Redis-only registrations live in methods of their own, never inlined: a single instance without Redis then never loads the
    // Redis assemblies (compiling the caller does not touch their types).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddRedisCache(IServiceCollection services, string redis) =>
        services.AddStackExchangeRedisCache(o =>
        {
            o.Configuration = redis;
            o.InstanceName = "parley:";
        });
}
