using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Parley.Platform.Auth;
using Parley.Platform.Errors;

namespace Parley.Platform.RateLimiting;

/// <summary>Configuration section <c>RateLimits</c>: requests per window for each kind of caller.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Per user or API key, on authenticated API endpoints.</summary>
    [Range(1, 1_000_000)] public int ApiPermitsPerMinute { get; set; } = 600;
    /// <summary>Per client IP, on public endpoints (widget, feedback page, public knowledge).</summary>
    [Range(1, 1_000_000)] public int PublicPermitsPerMinute { get; set; } = 60;
    /// <summary>Per client IP, on register / login / refresh.</summary>
    [Range(1, 1_000_000)] public int AuthPermitsPerMinute { get; set; } = 20;
}

public static class RateLimitSetup
{
    public const string ApiPolicy = "api";
    public const string PublicPolicy = "public";
    public const string AuthPolicy = "auth";

    public static IServiceCollection AddParleyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ApiPolicy, http => Window(CallerKey(http), limits.ApiPermitsPerMinute));
            o.AddPolicy(PublicPolicy, http => Window("ip:" + ClientIp(http), limits.PublicPermitsPerMinute));
            o.AddPolicy(AuthPolicy, http => Window("ip:" + ClientIp(http), limits.AuthPermitsPerMinute));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var problem = Problems.Create(429, ErrorCodes.RateLimited, $"Too many requests; try again in {retryAfter} s.",
                    null);
                await problem.ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Window(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static string CallerKey(HttpContext http) =>
        http.User.FindFirstValue(ParleyClaims.ApiKeyId) is { } key ? "key:" + key
        : http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? "user:" + user
        : "ip:" + ClientIp(http);

    private static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
