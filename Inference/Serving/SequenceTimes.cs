using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Inference.Serving;

/// <summary>
/// When one sequence passed each point on its way, and its latency split at them (<see cref="Split"/>). The last capture
/// and the publish time are on the edge's clock, the rest on the serving side's (the silo's). A run that serves its own
/// frames, with no transport, publishes, receives and accepts a sequence at one instant: the moment it submits it.
/// </summary>
/// <param name="LastCapture">Capture of the sequence's last frame (edge clock).</param>
/// <param name="PublishedAt">When the edge published it (edge clock); null when it did not say.</param>
/// <param name="ReceivedAt">When the serving side received it (the silo's ingestion).</param>
/// <param name="AcceptedAt">When the camera accepted it (the camera grain).</param>
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
        var edge = PublishedAt is { } published ? NotNegative(published - LastCapture) : (TimeSpan?)null;
        var ingest = NotNegative(AcceptedAt - ReceivedAt);
        var silo = NotNegative(completedAt - ReceivedAt);
        var other = NotNegative(silo - ingest - NotNegative(decode) - NotNegative(queue) - NotNegative(forward));
        // In ticks, so parts that meet exactly (publish, receipt and acceptance at one instant in a run without transport) leave 0, not a rounding error.
        var transport = endToEnd - (edge ?? TimeSpan.Zero) - silo;
        return (endToEnd, new LatencyBreakdown(edge is { } e ? Ms(e) : null, Ms(transport), Ms(ingest), Ms(decode), Ms(queue), Ms(forward), Ms(other),
            ClockSkew: transport < TimeSpan.Zero));
    }

    private static TimeSpan NotNegative(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;

    private static double Ms(TimeSpan span) => Math.Max(0, span.TotalMilliseconds);
}
