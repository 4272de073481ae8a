using EdgeVision.Contracts.Topics;
using EdgeVision.Dashboard.Mqtt;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeVision.Dashboard;

/// <summary>
/// <c>dashboard-broker</c>: healthy while connected with results and status subscribed; degraded otherwise (the page
/// still serves and says why, so the process is not restarted for a broker outage).
/// </summary>
public sealed class DashboardHealthCheck(BrokerConnectionState connection) : IHealthCheck
{
    public const string Name = "dashboard-broker";

    private static readonly string[] Required = [MqttTopics.Filter(TopicKind.Results), MqttTopics.Filter(TopicKind.Status)];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var broker = connection.Snapshot();
        if (!broker.Connected)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"Not connected to the MQTT broker at {broker.Endpoint}{(broker.LastError is { } error ? $": {error}" : ".")}"));
        }

        var refused = Required.Where(filter => !broker.Subscriptions.Any(s => s.Filter == filter && s.Granted)).ToList();
        return Task.FromResult(refused.Count > 0
            ? HealthCheckResult.Degraded($"Connected to {broker.Endpoint}, but the broker refused {string.Join(", ", refused)}.")
            : HealthCheckResult.Healthy($"Connected to {broker.Endpoint}."));
    }
}
