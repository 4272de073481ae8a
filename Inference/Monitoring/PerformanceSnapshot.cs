using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Inference.Monitoring;

/// <summary>The guide's <c>PerformanceMonitor.get_stats()</c>: latency windows, rates, queue sizes, totals and drops.</summary>
/// <param name="WindowSize">Results the latency windows hold at most.</param>
/// <param name="EndToEndLatencyMs">Capture to result, over the last results.</param>
/// <param name="InferenceLatencyMs">Forward pass, over the last results.</param>
/// <param name="SequencesPerSecond">Results per second over the rate window.</param>
/// <param name="FramesPerSecond">Frames of those results per second over the rate window.</param>
/// <param name="QueueDepth">The queue depth recorded last.</param>
/// <param name="MaxQueueDepth">The deepest queue recorded.</param>
/// <param name="TotalSequencesProcessed">Results since start.</param>
/// <param name="TotalFramesProcessed">Frames of those results since start.</param>
/// <param name="DropsByReason">Drops since start, every reason present (zero included).</param>
public sealed record PerformanceSnapshot(
    int WindowSize,
    LatencySummary EndToEndLatencyMs,
    LatencySummary InferenceLatencyMs,
    double SequencesPerSecond,
    double FramesPerSecond,
    int QueueDepth,
    int MaxQueueDepth,
    long TotalSequencesProcessed,
    long TotalFramesProcessed,
    IReadOnlyDictionary<DropReason, long> DropsByReason)
{
    public long TotalDropped => DropsByReason.Values.Sum();
}
