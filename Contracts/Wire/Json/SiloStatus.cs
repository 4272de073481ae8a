using System.Collections.Immutable;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>
/// Retained message on <c>edgevision/_silos/{siloId}</c>: what one inference silo serves, published every
/// <see cref="IntervalSeconds"/>. The silo registers an <c>offline</c> one as its MQTT last will, so subscribers see a crash
/// too, and publishes one when it stops.
/// </summary>
/// <param name="SiloId">The silo's stable id (its MQTT client id prefix, <c>Silo:Mqtt:ClientId</c>): the topic's last level.</param>
/// <param name="Address">The Orleans silo address (<c>host:port@generation</c>); at most 128 characters.</param>
/// <param name="StartedAt">When this silo process started.</param>
/// <param name="Timestamp">When the message was made.</param>
/// <param name="IntervalSeconds">How often the silo publishes it: a status older than a few intervals is silent.</param>
/// <param name="Health">The silo's health checks together.</param>
/// <param name="QueueDepth">Sequences waiting for a forward pass.</param>
/// <param name="MaxBatchSize">The batch size limit in force.</param>
/// <param name="BatchSizes">Sequences served at each batch size since the previous status, smallest size first.</param>
/// <param name="Models">The models the silo serves.</param>
/// <param name="Cameras">The cameras whose grains this silo hosts (sequences arrived or results left recently).</param>
/// <param name="Reason">Why it went offline (<c>"connection lost"</c>, <c>"shutdown"</c>); at most 256 characters.</param>
/// <param name="HealthDetail">What is wrong when not healthy; at most 512 characters.</param>
/// <example>
/// <code language="json">
/// {
///   "siloId": "silo-node-a",
///   "state": "online",
///   "address": "10.0.0.12:11111@125093442",
///   "startedAt": "2026-11-25T18:40:02.5+00:00",
///   "timestamp": "2026-11-25T18:46:21.12+00:00",
///   "intervalSeconds": 5,
///   "health": "healthy",
///   "queueDepth": 3,
///   "maxBatchSize": 8,
///   "batchSizes": [ { "size": 2, "sequences": 14 }, { "size": 4, "sequences": 64 } ],
///   "models": [ { "key": "conv3d", "kind": "conv3d", "version": "1.2.0", "device": "cpu" } ],
///   "cameras": [ { "site": "warehouse-1", "camera": "dock-3", "stalled": false, "model": "conv3d", "modelVersion": "1.2.0",
///                  "lastResultAt": "2026-11-25T18:46:20.9+00:00" } ]
/// }
/// </code>
/// </example>
public sealed record SiloStatus(
    string SiloId,
    SiloState State,
    string Address,
    DateTimeOffset StartedAt,
    DateTimeOffset Timestamp,
    double IntervalSeconds,
    SiloHealth Health,
    int QueueDepth,
    int MaxBatchSize,
    ImmutableArray<BatchSizeCount> BatchSizes,
    ImmutableArray<SiloModel> Models,
    ImmutableArray<SiloCamera> Cameras,
    string? Reason = null,
    string? HealthDetail = null)
{
    // Compares the lists by content; the compiler's equality would compare the arrays by reference.
    public bool Equals(SiloStatus? other) =>
        other is not null
        && SiloId == other.SiloId
        && State == other.State
        && Address == other.Address
        && StartedAt.Equals(other.StartedAt)
        && Timestamp.Equals(other.Timestamp)
        && IntervalSeconds.Equals(other.IntervalSeconds)
        && Health == other.Health
        && QueueDepth == other.QueueDepth
        && MaxBatchSize == other.MaxBatchSize
        && ContentEquality.SequenceEqual(BatchSizes, other.BatchSizes)
        && ContentEquality.SequenceEqual(Models, other.Models)
        && ContentEquality.SequenceEqual(Cameras, other.Cameras)
        && Reason == other.Reason
        && HealthDetail == other.HealthDetail;

    public override int GetHashCode() => HashCode.Combine(SiloId, State, Timestamp);
}
