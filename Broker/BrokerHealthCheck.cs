using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeVision.Broker;

/// <summary><c>broker</c>: healthy while the MQTT listeners are up.</summary>
internal sealed class BrokerHealthCheck(MqttBrokerService broker) : IHealthCheck
{
    public const string Name = "broker";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endPoints = new[] { broker.LocalEndPoint?.ToString(), broker.TlsEndPoint is { } tls ? $"{tls} (TLS)" : null }.OfType<string>().ToList();
        return Task.FromResult(endPoints.Count > 0
            ? HealthCheckResult.Healthy($"Listening on {string.Join(", ", endPoints)}.")
            : HealthCheckResult.Unhealthy("The MQTT listener is not running."));
    }
}
