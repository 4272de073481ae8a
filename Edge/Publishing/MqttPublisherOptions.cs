using EdgeVision.Contracts.Configuration;
using EdgeVision.Mqtt;

namespace EdgeVision.Edge.Publishing;

/// <summary>
/// How the edge agent reaches the MQTT broker (the agent binds it from <c>Edge:Mqtt</c>): the connection keys every component shares
/// (<see cref="MqttConnectionOptions"/>) and the publisher's queue. Validated at start; <c>--broker host:port</c>,
/// <c>--username</c>, <c>--password</c>, <c>--tls</c>, <c>--ca-file</c>, ... set it from the command line.
/// The client id defaults to <c>edgevision-{site}-{camera}</c>, one per camera.
/// </summary>
public sealed class MqttPublisherOptions : MqttConnectionOptions
{
    /// <summary>Sequences held while the broker is away; beyond it the oldest is dropped and counted (<c>offline_queue_full</c>).</summary>
    public int OfflineQueueCapacity { get; set; } = 256;

    /// <summary>Sequences published and not yet acknowledged at once (pipelining over one connection).</summary>
    public int MaxInFlight { get; set; } = 8;

    protected override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        errors.Range(nameof(OfflineQueueCapacity), OfflineQueueCapacity, 1, 100_000);
        errors.Range(nameof(MaxInFlight), MaxInFlight, 1, 1000);
    }
}
