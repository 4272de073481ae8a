using EdgeVision.Edge.Publishing;
using EdgeVision.Mqtt;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// Where a <c>--cluster</c> run publishes and reads (validated by <see cref="ClusterOptions"/>): the broker connection as
/// the edge agent takes it, the camera this run poses as, and how long to wait for results.
/// </summary>
internal sealed record ClusterSettings
{
    /// <summary>The broker, credentials and TLS (<c>--broker</c>, <c>--username</c>, <c>--tls</c>, ...); the publisher's defaults otherwise.</summary>
    public required MqttPublisherOptions Mqtt { get; init; }

    public required string Site { get; init; }

    public required string Camera { get; init; }

    /// <summary>How long results are awaited after the last sequence was acknowledged by the broker.</summary>
    public TimeSpan ResultTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Silos' Prometheus endpoints to read the camera's drop counters from; empty for none.</summary>
    public IReadOnlyList<Uri> SiloMetrics { get; init; } = [];

    public string Broker => BrokerAddress.Format(Mqtt.Host, Mqtt.Port);
}
