using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeVision.Silo.Ingestion;

/// <summary>
/// Readiness of the silo's ingestion (<c>/health</c>, not <c>/alive</c>): healthy once its subscription to the sequence
/// topics is in place, degraded while it connects or the broker is away (the silo runs, but takes no sequences), with
/// why the last attempt failed.
/// </summary>
internal sealed class IngestionHealthCheck(MqttIngestionService ingestion) : IHealthCheck
{
    public const string Name = "silo-ingestion";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["topicFilter"] = ingestion.TopicFilter,
            ["broker"] = ingestion.Broker,
        };
        if (ingestion.IsSubscribed)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"Subscribed to {ingestion.TopicFilter}", data));
        }

        var why = ingestion.LastConnectFailure is { } failure ? failure : "connecting, or the broker is away";
        return Task.FromResult(HealthCheckResult.Degraded($"Not subscribed to {ingestion.TopicFilter} at {ingestion.Broker}: {why}", data: data));
    }
}
