using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Dashboard.State;

/// <summary>The silo's latest latency report for a camera: what its latency is bound by and whether the controller acts on it.</summary>
public sealed record LatencyBoundSnapshot(
    LatencyCause Cause,
    bool Acting,
    double P95Ms,
    double TargetLatencyMs,
    string Detail,
    double? ExpectedAccuracy,
    DateTimeOffset IssuedAt,
    DateTimeOffset ReceivedAt,
    double? MaxLatencyMs = null)
{
    /// <summary>The cause as the wire names it, e.g. <c>transport-bound</c>.</summary>
    public string Name => Cause.Tag();

    public static LatencyBoundSnapshot From(LatencyReport report, DateTimeOffset receivedAt) => new(
        report.Cause, report.Acting, report.P95Ms, report.TargetLatencyMs, report.Detail, report.ExpectedAccuracy, report.IssuedAt, receivedAt, report.MaxLatencyMs);
}
