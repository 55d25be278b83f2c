using Parley.Platform.Tenancy;
using Quartz;

namespace Parley.Features.Ai.Sessions;

/// <summary>Answers one queued question; scheduled with the ask and its workspace in the trigger's data.</summary>
public sealed class LlmAskJob(LlmSessionService sessions, WorkspaceContext workspace) : IJob
{
    public static readonly JobKey Key = new("llm-ask", "ai");

    public static async Task ScheduleAsync(IScheduler scheduler, LlmAsk ask, CancellationToken cancellationToken)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"llm-ask-{ask.Id}", "ai")
            .ForJob(Key)
            .UsingJobData("ask_id", ask.Id)
            .UsingJobData("workspace_id", ask.WorkspaceId)
            .StartNow()
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken);
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        workspace.SetSystem(data.GetString("workspace_id")!);
        await sessions.RunQueuedAskAsync(data.GetString("ask_id")!, cancellationToken);
    }
}

/// <summary>Expires sessions idle longer than Ai:SessionIdleMinutes, so they stop counting towards the open-session limit.</summary>
[DisallowConcurrentExecution]
public sealed class ExpireIdleLlmSessionsJob(LlmSessionService sessions) : IJob
{
    public static readonly JobKey Key = new("llm-expire-idle", "ai");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sessions.ExpireIdleAsync(cancellationToken);
}
