using EdgeVision.Silo.Mqtt;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EdgeVision.Silo.Ingestion;

/// <summary>
/// Readiness of the silo's ingestion (<c>/health</c>, not <c>/alive</c>): healthy once its subscription to the sequence
/// topics is in place, degraded while it connects or the broker is away (the silo runs, but takes no sequences).
/// </summary>
internal sealed class IngestionHealthCheck(MqttIngestionService ingestion, IOptions<SiloMqttOptions> options) : IHealthCheck
{
    public const string Name = "silo-ingestion";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["topicFilter"] = ingestion.TopicFilter,
            ["broker"] = $"{options.Value.Host}:{options.Value.Port}",
        };
        return Task.FromResult(ingestion.IsSubscribed
            ? HealthCheckResult.Healthy($"Subscribed to {ingestion.TopicFilter}", data)
            : HealthCheckResult.Degraded($"Not subscribed to {ingestion.TopicFilter} at {options.Value.Host}:{options.Value.Port}: connecting, or the broker is away", data: data));
    }
}
