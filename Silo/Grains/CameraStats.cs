using System.Collections.Immutable;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// A camera's rolling performance window (the guide's <c>PerformanceMonitor.get_stats()</c>): end-to-end
/// latency statistics over the last <see cref="WindowSize"/> results, result rate, pending work and totals.
/// </summary>
[GenerateSerializer, Immutable, Alias("edgevision.CameraStats")]
internal sealed record CameraStats(
    [property: Id(0)] string Site,
    [property: Id(1)] string Camera,
    [property: Id(2)] int WindowSize,
    [property: Id(3)] LatencySummary EndToEndLatencyMs,
    [property: Id(4)] LatencySummary InferenceLatencyMs,
    [property: Id(5)] double SequencesPerSecond,
    [property: Id(6)] double FramesPerSecond,
    [property: Id(7)] int PendingSequences,
    [property: Id(8)] long TotalSequencesProcessed,
    [property: Id(9)] long TotalFramesProcessed,
    [property: Id(10)] ImmutableDictionary<DropReason, long> DropsByReason,
    [property: Id(11)] long? LastSequenceNumber)
{
    /// <summary>A camera's stats from its monitor's <paramref name="snapshot"/>, its pending work and last sequence number.</summary>
    public static CameraStats From(string site, string camera, PerformanceSnapshot snapshot, int pendingSequences, long? lastSequenceNumber) =>
        new(
            site,
            camera,
            snapshot.WindowSize,
            snapshot.EndToEndLatencyMs,
            snapshot.InferenceLatencyMs,
            snapshot.SequencesPerSecond,
            snapshot.FramesPerSecond,
            pendingSequences,
            snapshot.TotalSequencesProcessed,
            snapshot.TotalFramesProcessed,
            snapshot.DropsByReason.ToImmutableDictionary(),
            lastSequenceNumber);
}
