using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Parley.Data;
using Parley.Platform.Caching;

namespace Parley.Platform.Health;

public static class HealthSetup
{
    private const string Ready = "ready";

    public static IServiceCollection AddParleyHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Ready]);
        if (RedisSetup.ConnectionString(configuration) is { } redis)
        {
            AddRedisCheck(checks, redis);
        }

        return services;
    }

    // Not inlined: without Redis configured the Redis assemblies are never loaded (see RedisSetup).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddRedisCheck(IHealthChecksBuilder checks, string redis) => checks.AddRedis(redis, "redis", tags: [Ready]);

    public static WebApplication MapParleyHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .DisableRateLimiting().WithMetadata(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .WithMetadata(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            duration_ms = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString().ToLowerInvariant(), duration_ms = Math.Round(e.Value.Duration.TotalMilliseconds, 1), error = e.Value.Exception?.GetType().Name }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, cancellationToken: http.RequestAborted);
    }
}

/// <summary>Ready when the database answers a query.</summary>
internal sealed class DatabaseHealthCheck(ParleyDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database does not answer.");
}
