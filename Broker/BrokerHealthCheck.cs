using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeVision.Broker;

/// <summary><c>broker</c>: healthy while the MQTT listener is up.</summary>
internal sealed class BrokerHealthCheck(MqttBrokerService broker) : IHealthCheck
{
    public const string Name = "broker";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.LocalEndPoint is { } endPoint
            ? HealthCheckResult.Healthy($"Listening on {endPoint}.")
            : HealthCheckResult.Unhealthy("The MQTT listener is not running."));
}
