using System.Collections.Immutable;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Contracts.Grains;

/// <summary>
/// A camera's rolling performance window (the guide's <c>PerformanceMonitor.get_stats()</c>): end-to-end
/// latency statistics over the last <see cref="WindowSize"/> results, result rate, pending work and totals.
/// </summary>
[GenerateSerializer, Immutable, Alias("edgevision.CameraStats")]
public sealed record CameraStats(
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
    [property: Id(11)] long? LastSequenceNumber);
