using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// Readiness of the agent (<c>/health</c>): unhealthy when the source failed for good, degraded while the broker is
/// away (sequences are queueing; the description says why the last connect failed), healthy when both flow.
/// </summary>
public sealed class EdgeAgentHealthCheck(VideoStream stream, MqttSequencePublisher publisher) : IHealthCheck
{
    public const string Name = "edge-agent";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var info = stream.GetInfo();
        var data = new Dictionary<string, object>
        {
            ["source"] = info.SourceStatus.ToString(),
            ["brokerConnected"] = publisher.IsReady,
            ["queued"] = publisher.Pending,
        };
        var result = info.SourceStatus.State == SourceState.Failed ? HealthCheckResult.Unhealthy($"Source failed: {info.SourceStatus.Reason}", data: data)
            : !publisher.IsReady ? HealthCheckResult.Degraded(
                $"Broker unreachable; {publisher.Pending} sequences queued{(publisher.ConnectFailure is { } why ? $". Last attempt: {why}" : "")}", data: data)
            : HealthCheckResult.Healthy($"Streaming; {publisher.Pending} sequences queued", data);
        return Task.FromResult(result);
    }
}
