using Microsoft.Extensions.DependencyInjection.Extensions;
using Parley.Features.Templates;
using Quartz;

namespace Parley.Features.AutoReply;

/// <summary>Delivers due auto-replies (every <c>AutoReply:DispatchIntervalSeconds</c>, and when nudged).</summary>
[DisallowConcurrentExecution]
public sealed class AutoReplyDispatchJob(AutoReplyDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("auto-reply-dispatch", "auto-reply");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await dispatcher.RunOnceAsync(cancellationToken);
}

/// <summary>Approval timeouts, rechecks and missed events (every <c>AutoReply:SweepIntervalSeconds</c>).</summary>
[DisallowConcurrentExecution]
public sealed class AutoReplySweepJob(AutoReplySweeper sweeper) : IJob
{
    public static readonly JobKey Key = new("auto-reply-sweep", "auto-reply");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweeper.RunOnceAsync(cancellationToken);
}

public static class AutoReplySetup
{
    public static IServiceCollection AddParleyAutoReply(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutoReplyOptions>().Bind(configuration.GetSection(AutoReplyOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.RetryMaxSeconds >= o.RetryBaseSeconds, "AutoReply:RetryMaxSeconds must not be below AutoReply:RetryBaseSeconds.")
            .ValidateOnStart();
        var options = configuration.GetSection(AutoReplyOptions.Section).Get<AutoReplyOptions>() ?? new AutoReplyOptions();

        services.TryAddSingleton<TemplateRenderer>();
        services.AddSingleton<AutoReplyEvaluator>();
        services.AddSingleton<AutoReplyDispatcher>().AddSingleton<AutoReplySweeper>().AddSingleton<AutoReplyNudge>().AddSingleton<AutoReplyLiveFeed>();
        services.AddScoped<AutoReplyEngine>().AddScoped<AutoReplyService>().AddScoped<AutoReplyItems>().AddScoped<AutoReplyNotifier>()
            .AddScoped<AutoReplyApprovalMail>().AddScoped<IAutoReplyTrigger, AutoReplyTrigger>();

        services.AddQuartz(q =>
        {
            q.AddJob<AutoReplyDispatchJob>(j => j.WithIdentity(AutoReplyDispatchJob.Key).StoreDurably().WithDescription("Send due auto-replies"));
            q.AddTrigger(t => t.ForJob(AutoReplyDispatchJob.Key).WithIdentity("auto-reply-dispatch-periodic", "auto-reply")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(options.DispatchIntervalSeconds)).RepeatForever()));
            q.AddJob<AutoReplySweepJob>(j => j.WithIdentity(AutoReplySweepJob.Key).StoreDurably()
                .WithDescription("Auto-reply approval timeouts, rechecks and missed events"));
            q.AddTrigger(t => t.ForJob(AutoReplySweepJob.Key).WithIdentity("auto-reply-sweep-periodic", "auto-reply")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(options.SweepIntervalSeconds)).RepeatForever()));
        });
        return services;
    }
}
