using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Parley.Platform.Auth;
using Parley.Platform.Caching;
using Parley.Platform.Json;

namespace Parley.Platform.Realtime;

public static class RealtimeSetup
{
    public static IServiceCollection AddParleyRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR().AddJsonProtocol(o => JsonSetup.Configure(o.PayloadSerializerOptions));
        if (RedisSetup.ConnectionString(configuration) is { } redis)
        {
            AddRedisBackplane(signalR, redis);
        }

        services.AddSingleton<IWorkspaceEvents, WorkspaceEvents>();
        // The admin UI's circuits listen in process: the hub publisher is wrapped so the feed hears every event (registered last, it wins).
        services.AddSingleton<WorkspaceEventFeed>();
        services.AddSingleton<WorkspaceEvents>();
        services.AddSingleton<IWorkspaceEvents, FeedingWorkspaceEvents>();
        return services;
    }

    // Not inlined: without Redis configured the Redis assemblies are never loaded (see RedisSetup).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddRedisBackplane(ISignalRServerBuilder signalR, string redis) =>
        signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("parley"));

    public static WebApplication MapParleyRealtime(this WebApplication app)
    {
        // Authorised on the endpoint (at connect time, where the workspace is known), not per hub call.
        app.MapHub<WorkspaceHub>(WorkspaceHub.Path).RequireAuthorization(Policies.Viewer);
        return app;
    }
}
