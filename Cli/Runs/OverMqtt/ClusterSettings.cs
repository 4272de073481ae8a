using EdgeVision.Edge.Accountability;
using EdgeVision.Edge.Publishing;
using EdgeVision.Mqtt;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// Where a <c>--cluster</c> run publishes and reads (validated by <see cref="ClusterOptions"/>): the broker connection as
/// the edge agent takes it, the camera this run poses as, and how long to wait for each sequence's outcome.
/// </summary>
internal sealed record ClusterSettings
{
    /// <summary>
    /// The latest sequences whose bytes are kept for the one republish: a few minutes of a paced camera at the default
    /// timeout (a sequence older than these that times out is counted as <c>no_result</c> without a republish).
    /// </summary>
    public const int RetainForRepublish = 256;

    /// <summary>The broker, credentials and TLS (<c>--broker</c>, <c>--username</c>, <c>--tls</c>, ...); the publisher's defaults otherwise.</summary>
    public required MqttPublisherOptions Mqtt { get; init; }

    public required string Site { get; init; }

    public required string Camera { get; init; }

    /// <summary>How long a sequence's outcome (result or drop notice) is awaited after the broker acknowledged it, and again after its republish.</summary>
    public TimeSpan ResultTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Silos' Prometheus endpoints to read the camera's drop counters from; empty for none.</summary>
    public IReadOnlyList<Uri> SiloMetrics { get; init; } = [];

    public string Broker => BrokerAddress.Format(Mqtt.Host, Mqtt.Port);

    /// <summary>The edge ledger's settings for this run: <see cref="ResultTimeout"/>, <see cref="RetainForRepublish"/>, the agent's bound on identities.</summary>
    public SequenceLedgerSettings Ledger => new(ResultTimeout, RetainForRepublish, SequenceLedgerSettings.Default.MaxOutstanding);
}
