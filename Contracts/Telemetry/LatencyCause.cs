using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Telemetry;

/// <summary>
/// What the latency controller found a camera's latency bound by. Written in JSON and as the <c>cause</c> metric tag
/// as the names below (<see cref="LatencyCauses.Tag"/>).
/// </summary>
[JsonConverter(typeof(LatencyCauseJsonConverter))]
public enum LatencyCause
{
    /// <summary>p95 within the target, no load-shedding drops, no backlog.</summary>
    [JsonStringEnumMemberName("within-target")]
    WithinTarget,

    /// <summary>Stale or overload drops, or a backlog of several batches: more work arrives than the silo finishes.</summary>
    [JsonStringEnumMemberName("overload")]
    Overload,

    /// <summary>The edge's own part (capture to publish) breaks the budget.</summary>
    [JsonStringEnumMemberName("edge-bound")]
    EdgeBound,

    /// <summary>Publish to ingestion (network, broker, clock difference) breaks the budget.</summary>
    [JsonStringEnumMemberName("transport-bound")]
    TransportBound,

    /// <summary>The silo's ingestion (lanes, grain turn, durable record) breaks the budget.</summary>
    [JsonStringEnumMemberName("ingest-bound")]
    IngestBound,

    /// <summary>Decoding the frames breaks the budget.</summary>
    [JsonStringEnumMemberName("decode-bound")]
    DecodeBound,

    /// <summary>Waiting for a batch breaks the budget.</summary>
    [JsonStringEnumMemberName("queue-bound")]
    QueueBound,

    /// <summary>The forward pass breaks the budget.</summary>
    [JsonStringEnumMemberName("forward-bound")]
    ForwardBound,

    /// <summary>The remainder (scheduling, in-order release) breaks the budget.</summary>
    [JsonStringEnumMemberName("scheduling-bound")]
    SchedulingBound,

    /// <summary>Over the target, but the results carry no breakdown to tell where the time went.</summary>
    [JsonStringEnumMemberName("unattributed")]
    Unattributed,
}
