using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Inference.Serving;

/// <summary>
/// When one sequence passed each point on its way, and its latency split at them (<see cref="Split"/>). The last capture
/// and the publish time are on the edge's clock, the rest on the silo's.
/// </summary>
/// <param name="LastCapture">Capture of the sequence's last frame (edge clock).</param>
/// <param name="PublishedAt">When the edge published it (edge clock); null when it did not say.</param>
/// <param name="ReceivedAt">When the silo's ingestion received it.</param>
/// <param name="AcceptedAt">When the camera grain accepted it.</param>
public sealed record SequenceTimes(DateTimeOffset LastCapture, DateTimeOffset? PublishedAt, DateTimeOffset ReceivedAt, DateTimeOffset AcceptedAt)
{
    /// <summary>
    /// The end-to-end latency at <paramref name="completedAt"/> and where it went. The edge's part (capture to publish) is
    /// measured on the edge's clock and the silo's parts on the silo's, so neither depends on the two clocks agreeing;
    /// transport is what is left of the end-to-end latency, which spans both clocks. When that comes out negative (the
    /// edge's clock ahead of the silo's by more than the real transport) it is clamped to 0 and flagged.
    /// </summary>
    public (TimeSpan EndToEnd, LatencyBreakdown Parts) Split(TimeSpan decode, TimeSpan queue, TimeSpan forward, DateTimeOffset completedAt)
    {
        var endToEnd = completedAt - LastCapture;
        var edge = PublishedAt is { } published ? Ms(published - LastCapture) : (double?)null;
        var ingest = Ms(AcceptedAt - ReceivedAt);
        var silo = Ms(completedAt - ReceivedAt);
        var other = Math.Max(0, silo - ingest - Ms(decode) - Ms(queue) - Ms(forward));
        var transport = endToEnd.TotalMilliseconds - (edge ?? 0) - silo;
        return (endToEnd, new LatencyBreakdown(edge, Math.Max(0, transport), ingest, Ms(decode), Ms(queue), Ms(forward), other, ClockSkew: transport < 0));
    }

    private static double Ms(TimeSpan span) => Math.Max(0, span.TotalMilliseconds);
}
