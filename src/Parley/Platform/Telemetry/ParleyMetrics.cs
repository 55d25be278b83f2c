using System.Diagnostics.Metrics;

namespace Parley.Platform.Telemetry;

/// <summary>The application's own instruments; features add theirs here so one meter covers Parley.</summary>
public sealed class ParleyMetrics
{
    public const string MeterName = "Parley";

    public ParleyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        JobRuns = meter.CreateCounter<long>("parley.jobs.runs", description: "Background job runs, by job and outcome.");
        RealtimeEvents = meter.CreateCounter<long>("parley.realtime.events", description: "Events published to workspace hubs.");
    }

    public Counter<long> JobRuns { get; }
    public Counter<long> RealtimeEvents { get; }
}
