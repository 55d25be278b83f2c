using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Parley.Platform.Telemetry;

/// <summary>Traces and metrics through OpenTelemetry; Prometheus scrapes <c>/metrics</c>. Logs carry the trace id.</summary>
public static class TelemetrySetup
{
    public const string ServiceName = "parley";

    public static WebApplicationBuilder AddParleyTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (builder.Configuration["Logging:Format"] == "json")
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true);
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                .AddMeter(ParleyMetrics.MeterName)
                .AddPrometheusExporter());
        builder.Services.AddSingleton<ParleyMetrics>();
        return builder;
    }

    public static WebApplication MapParleyTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").DisableRateLimiting();
        return app;
    }
}
