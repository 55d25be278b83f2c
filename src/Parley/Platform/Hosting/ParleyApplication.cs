using Microsoft.AspNetCore.HttpOverrides;
using Parley.Admin;
using Parley.Data;
using Parley.Features.Accounts;
using Parley.Features.Acquisition;
using Parley.Features.Ai;
using Parley.Features.ApiKeys;
using Parley.Features.Chat;
using Parley.Features.AutoReply;
using Parley.Features.Demo;
using Parley.Features.Knowledge;
using Parley.Features.Feedback;
using Parley.Features.Insights;
using Parley.Features.Reviews;
using Parley.Features.Reviews.Admin;
using Parley.Features.Templates;
using Parley.Features.Workspaces;
using Parley.Integrations.Smtp;
using Parley.Platform.Auth;
using Parley.Platform.Caching;
using Parley.Platform.Errors;
using Parley.Platform.Health;
using Parley.Platform.Jobs;
using Parley.Platform.Json;
using Parley.Platform.OpenApi;
using Parley.Platform.RateLimiting;
using Parley.Platform.Realtime;
using Parley.Platform.Secrets;
using Parley.Platform.Telemetry;

namespace Parley.Platform.Hosting;

/// <summary>Each area registers itself here, in the order the pipeline needs.</summary>
public static class ParleyApplication
{
    /// <summary>Largest request body accepted, in bytes (configuration <c>Server:MaxRequestBodyBytes</c>).</summary>
    public const long DefaultMaxRequestBodyBytes = 1_048_576;

    public static WebApplicationBuilder AddParley(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = configuration.GetValue("Server:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddParleyTelemetry();
        builder.Services
            .AddParleyData(configuration)
            .AddParleyJson()
            .AddParleyErrors()
            .AddParleyCaching(configuration)
            .AddParleySecrets()
            .AddParleyAuth(configuration)
            .AddParleyRateLimiting(configuration)
            .AddParleyRealtime(configuration)
            .AddParleyJobs(configuration)
            .AddParleyHealth(configuration)
            .AddParleyOpenApi()
            .AddParleyAdmin()
            .AddParleyAi(configuration);
        builder.Services.AddParleyAcquisition(configuration);
        builder.Services.AddParleyChat(configuration);
        builder.Services.AddParleyReviews();
        builder.Services.AddParleyEmail(configuration);
        builder.Services.AddParleyInsights(configuration);
        builder.Services.AddParleyAutoReply(configuration);

        builder.Services.AddParleyKnowledge(configuration);
        builder.Services.AddScoped<AccountService>().AddScoped<WorkspaceService>().AddScoped<MemberService>().AddScoped<ApiKeyService>().AddScoped<DemoSeeder>();
        builder.Services.AddParleyReviewsAdmin(configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        builder.Services.WarmKeyRingAfterStart();
        return builder;
    }

    public static WebApplication UseParley(this WebApplication app)
    {
        if (app.Configuration.GetValue("Server:BehindProxy", false))
        {
            app.UseForwardedHeaders();
        }

        app.UseParleyErrors();
        app.UseParleyLocalization();
        app.UseCors();
        app.UseParleyAuth();
        app.UseRateLimiter();
        app.UseAntiforgery();

        // Build-time manifest of wwwroot and package assets (MudBlazor): served in every environment, compressed and cacheable.
        app.MapStaticAssets();
        app.MapParleyHealth();
        app.MapParleyTelemetry();
        app.MapParleyOpenApi();
        app.MapAccounts();
        app.MapWorkspaces();
        app.MapApiKeys();
        app.MapAi();
        app.MapAcquisition();
        app.MapParleyKnowledge();
        app.MapParleyChat();
        app.MapAutoReply();
        app.MapReviews();
        app.MapTemplates();
        app.MapFeedback();
        app.MapEmail();
        app.MapInsights();
        app.MapParleyRealtime();
        app.MapParleyAdmin();
        return app;
    }

    /// <summary>Runs the server, or one of the commands: <c>migrate</c>, <c>seed-demo</c>.</summary>
    public static async Task<int> RunParleyAsync(this WebApplication app, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "migrate":
                await MigrationRunner.MigrateAsync(app.Services, CancellationToken.None);
                Console.WriteLine("Database migrated.");
                return 0;
            case "seed-demo":
                await MigrationRunner.MigrateAsync(app.Services, CancellationToken.None);
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var report = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
                    Console.WriteLine(report);
                }

                return 0;
            default:
                await app.RunAsync();
                return 0;
        }
    }
}
