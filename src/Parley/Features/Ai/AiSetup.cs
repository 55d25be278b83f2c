using Parley.Features.Ai.Engine;
using Parley.Features.Ai.Sessions;
using Quartz;

namespace Parley.Features.Ai;

public static class AiSetup
{
    public static IServiceCollection AddParleyAi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AiOptions>().Bind(configuration.GetSection(AiOptions.Section)).ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Ai:Endpoint must be an absolute URL.")
            .ValidateOnStart();
        // Loaded on first use, not at start-up: its lexicons and models cost memory and time a server may not need yet.
        services.AddSingleton(_ => BuiltinLanguageEngine.Shared);
        services.AddSingleton<PromptLibrary>();
        services.AddSingleton<BuiltinChatClient>();
        services.AddHttpClient(AiGateway.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<AiSettingsService>().AddScoped<AiGateway>().AddScoped<LlmSessionService>()
            .AddScoped<TextAnalysisService>().AddScoped<ReplyService>().AddScoped<AiTester>();
        services.AddQuartz(q =>
        {
            q.AddJob<LlmAskJob>(j => j.WithIdentity(LlmAskJob.Key).StoreDurably().WithDescription("Answer a queued LLM question"));
            q.AddJob<ExpireIdleLlmSessionsJob>(j => j.WithIdentity(ExpireIdleLlmSessionsJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(ExpireIdleLlmSessionsJob.Key).WithIdentity("llm-expire-idle-every-minute", "ai")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()));
        });
        return services;
    }
}
