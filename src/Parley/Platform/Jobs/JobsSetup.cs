using System.ComponentModel.DataAnnotations;
using Parley.Data;
using Parley.Features.Accounts;
using Quartz;

namespace Parley.Platform.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the scheduler in this instance. Off: the instance serves requests only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Instances that share a database and this name form one cluster (PostgreSQL): each job runs once across them.</summary>
    [Required] public string SchedulerName { get; set; } = "parley";

    /// <summary>Quartz cron expression for purging expired tokens, invitations and long-revoked API keys.</summary>
    [Required] public string PurgeCredentialsCron { get; set; } = "0 17 3 * * ?";

    /// <summary>
    /// Seconds between the server listening and the scheduler starting. Its first round (recovery sweeps of the outbox,
    /// auto-replies and AI sessions, each compiling its queries; on a new database, creating Quartz's tables) otherwise
    /// competes with the first requests for the CPU. Jobs triggered meanwhile are stored and run once it starts.
    /// </summary>
    [Range(0, 300)] public double StartDelaySeconds { get; set; } = 2;
}

public static class JobsSetup
{
    public static IServiceCollection AddParleyJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateDataAnnotations()
            .Validate(o => IsValidCron(o.PurgeCredentialsCron), "Jobs:PurgeCredentialsCron is not a valid Quartz cron expression.")
            .ValidateOnStart();
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Parley") is { Length: > 0 } cs ? cs : DataSetup.DefaultSqlite;

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = jobs.SchedulerName;
                o.GenerateInstanceId = true;
            });
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                // Quartz owns its tables and creates what is missing when the scheduler starts (never alters or drops).
                store.ProvisionSchema();
                if (database.IsPostgres)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(10));
                }
                else
                {
                    store.UseSqlite(connectionString);
                }
            });

            q.AddJob<PurgeExpiredCredentialsJob>(j => j.WithIdentity(PurgeExpiredCredentialsJob.Key).StoreDurably()
                .WithDescription("Purge expired tokens, invitations and revoked keys"));
            q.AddTrigger(t => t.ForJob(PurgeExpiredCredentialsJob.Key).WithIdentity("purge-credentials-daily")
                .WithCronSchedule(jobs.PurgeCredentialsCron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });

        if (jobs.Enabled)
        {
            services.AddQuartzHostedService(o =>
            {
                o.WaitForJobsToComplete = true;
                // The scheduler (and its schema check) starts once the server is listening, and a moment later (see
                // JobsOptions.StartDelaySeconds), so neither start-up nor the first requests are delayed by it.
                o.AwaitApplicationStarted = true;
                o.StartDelay = jobs.StartDelaySeconds > 0 ? TimeSpan.FromSeconds(jobs.StartDelaySeconds) : null;
            });
        }

        return services;
    }

    private static bool IsValidCron(string expression)
    {
        try
        {
            _ = new CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
