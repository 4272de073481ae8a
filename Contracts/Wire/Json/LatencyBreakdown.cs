using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>
/// Where a result's end-to-end latency (capture of the sequence's last frame to the result) went, in milliseconds, in the
/// order the sequence went through the parts (<see cref="Telemetry.LatencyPart"/>). The edge's part is on the edge's
/// clock, ingest to result on the silo's; transport spans both. When the two clocks disagree so far that transport would
/// come out negative, it is clamped to 0 and <see cref="ClockSkew"/> is set: the parts then add up to more than the
/// end-to-end latency, which was measured across the same two clocks. A clock that runs behind makes transport look
/// longer instead, which no result can tell apart from a slow network.
/// </summary>
/// <param name="EdgeMs">Capture of the last frame to publish, on the edge; null (written as such) when the edge did not stamp its publish time (transport then holds it).</param>
/// <param name="TransportMs">Publish to the silo's ingestion (the network and the broker).</param>
/// <param name="IngestMs">Ingestion to acceptance by the camera grain (ingestion lanes, the grain's turn, the durable record).</param>
/// <param name="DecodeMs">Decoding, resizing and normalising the frames.</param>
/// <param name="QueueMs">Waiting in the inference engine for a batch to start.</param>
/// <param name="ForwardMs">The forward pass of the batch that served the sequence.</param>
/// <param name="OtherMs">The remainder: scheduling between the steps and waiting for earlier results (in-order release).</param>
/// <param name="ClockSkew">True when transport came out negative (the edge's clock ahead of the silo's) and was clamped to 0.</param>
public sealed record LatencyBreakdown(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? EdgeMs,
    double TransportMs,
    double IngestMs,
    double DecodeMs,
    double QueueMs,
    double ForwardMs,
    double OtherMs,
    bool ClockSkew = false)
{
    /// <summary>The time spent in <paramref name="part"/>, in ms (the edge's part is 0 when unknown).</summary>
    public double Of(Telemetry.LatencyPart part) => part switch
    {
        Telemetry.LatencyPart.Edge => EdgeMs ?? 0,
        Telemetry.LatencyPart.Transport => TransportMs,
        Telemetry.LatencyPart.Ingest => IngestMs,
        Telemetry.LatencyPart.Decode => DecodeMs,
        Telemetry.LatencyPart.Queue => QueueMs,
        Telemetry.LatencyPart.Forward => ForwardMs,
        Telemetry.LatencyPart.Other => OtherMs,
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown latency part."),
    };

    /// <summary>The sum of the parts, in ms.</summary>
    [JsonIgnore]
    public double TotalMs => (EdgeMs ?? 0) + TransportMs + IngestMs + DecodeMs + QueueMs + ForwardMs + OtherMs;
}
