using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Parley.Features.Knowledge.Answering;
using Parley.Features.Knowledge.Demo;
using Parley.Features.Search;
using Parley.Platform.Caching;

namespace Parley.Features.Knowledge;

public static class KnowledgeSetup
{
    public static IServiceCollection AddParleyKnowledge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KnowledgeOptions>().Bind(configuration.GetSection(KnowledgeOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.ClarifyThreshold <= o.AnswerThreshold, "Knowledge:ClarifyThreshold must not be above Knowledge:AnswerThreshold.")
            .ValidateOnStart();
        services.AddSingleton<KnowledgeVersions>();
        if (RedisSetup.ConnectionString(configuration) is not null)
        {
            AddRedisChangeBus(services);
        }
        else
        {
            services.AddSingleton<IKnowledgeChangeBus, NoKnowledgeChangeBus>();
        }

        services.AddSingleton<KnowledgeIndexRegistry>().AddSingleton<SearchQueryLog>().AddSingleton<ReindexQueue>();
        services.AddHostedService<ReindexWorker>().AddHostedService<KnowledgeIndexJanitor>();
        services.AddScoped<KnowledgeService>().AddScoped<PublicWorkspaceLookup>().AddScoped<PublicKnowledgeReader>().AddScoped<SearchService>()
            .AddScoped<KnowledgeAnswering>().AddScoped<IChatAnswerer, ChatAnswerer>().AddScoped<RenovationDemoSeeder>();
        return services;
    }

    // Not inlined: the bus's type holds Redis values, so naming it loads StackExchange.Redis; without Redis that never happens.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddRedisChangeBus(IServiceCollection services)
    {
        services.AddSingleton<RedisKnowledgeChangeBus>();
        services.AddSingleton<IKnowledgeChangeBus>(sp => sp.GetRequiredService<RedisKnowledgeChangeBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisKnowledgeChangeBus>());
    }

    public static IEndpointRouteBuilder MapParleyKnowledge(this IEndpointRouteBuilder routes)
    {
        routes.MapKnowledge();
        routes.MapPublicKnowledge();
        routes.MapSearch();
        return routes;
    }
}
