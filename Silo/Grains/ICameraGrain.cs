using EdgeVision.Contracts.Wire;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// The stream grain of one camera, keyed by <see cref="CameraKey"/>: orders its sequences, drops duplicates
/// and stale work (counted), hands sequences to the silo's batcher, publishes results, and keeps the
/// camera's performance window. Called by the silo's MQTT ingestion only; <see cref="FrameSequence"/> crosses
/// silos through the converters in <c>Serialization/</c>.
/// </summary>
[Alias("edgevision.ICameraGrain")]
internal interface ICameraGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes one sequence, received by the silo's ingestion at <paramref name="receivedAt"/> (null: now; the end of
    /// transport in the result's latency breakdown). Ingestion acknowledges the MQTT message only after this returns,
    /// whatever the outcome: a duplicate or a drop is a decision, not a failure to retry.
    /// </summary>
    [Alias("Ingest")]
    ValueTask<IngestOutcome> Ingest(FrameSequence sequence, DateTimeOffset? receivedAt = null);

    /// <summary>The camera's rolling performance window (the guide's performance monitor).</summary>
    [Alias("GetStats")]
    ValueTask<CameraStats> GetStats();
}
