namespace EdgeVision.Contracts.Telemetry;

/// <summary>
/// One part of a result's end-to-end latency (capture of the sequence's last frame to its result), in the order a
/// sequence goes through them. <see cref="LatencyParts.Tag"/> gives the <c>part</c> tag of the silo's histograms.
/// </summary>
public enum LatencyPart
{
    /// <summary>Capture of the last frame to publish, at the edge: preprocessing, assembly, encoding, the outbound queue.</summary>
    Edge,

    /// <summary>Publish to the silo's ingestion: the network and the broker (and any clock difference between the two).</summary>
    Transport,

    /// <summary>Ingestion to acceptance by the camera grain: ingestion lanes, the grain's turn, the durable record.</summary>
    Ingest,

    /// <summary>
    /// Decoding and resizing the frames (the silo's <c>SequenceDecoder</c>) and normalising them into the inference engine's
    /// batch input.
    /// </summary>
    Decode,

    /// <summary>Waiting in the inference engine for a batch to start.</summary>
    Queue,

    /// <summary>The forward pass of the batch that served the sequence.</summary>
    Forward,

    /// <summary>The remainder: scheduling between the steps above and waiting for earlier sequences' results (in-order release).</summary>
    Other,
}
