using Parley.Platform.Errors;
using Quartz;

namespace Parley.Integrations.Smtp;

public static class EmailSetup
{
    public static IServiceCollection AddParleyEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.Host) || Validator.IsEmail(o.FromAddress), "Smtp:FromAddress must be an email address when Smtp:Host is set.")
            .ValidateOnStart();
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var interval = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>()?.OutboxIntervalSeconds ?? new EmailOptions().OutboxIntervalSeconds;
        services.AddSingleton<SmtpSender>();
        services.AddScoped<IEmailOutbox, EmailOutbox>().AddScoped<EmailDispatcher>().AddScoped<EmailSettingsService>();
        services.AddQuartz(q =>
        {
            q.AddJob<EmailOutboxJob>(j => j.WithIdentity(EmailOutboxJob.Key).StoreDurably().WithDescription("Send queued emails"));
            q.AddTrigger(t => t.ForJob(EmailOutboxJob.Key).WithIdentity("email-outbox-interval", "email")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(interval)).RepeatForever()));
        });
        return services;
    }
}
