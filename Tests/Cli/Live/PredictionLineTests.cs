using EdgeVision.Cli.Live;

namespace EdgeVision.Tests.Cli.Live;

/// <summary>What <c>edgevision live</c> prints for each sequence.</summary>
public sealed class PredictionLineTests
{
    private static readonly DateTimeOffset Captured = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void APredictionShowsItsLabelConfidenceAndLatency()
    {
        var line = PredictionLine.Format(Record("completed", latencyMs: 221.3) with { Label = "shrink", Confidence = 0.955, BatchSize = 1 });

        Assert.Equal("seq     1  frames      8-15      shrink            0.955  latency   221.3 ms  (batch 1, 32x32)", line);
    }

    [Fact]
    public void ADropShowsItsReasonAndWhenNotALatency()
    {
        // A stale drop can come within milliseconds (its deadline would pass during the forward pass): that is no result's latency.
        var line = PredictionLine.Format(Record("dropped", latencyMs: 6.5) with { DropReason = "stale" });

        Assert.Equal("seq     1  frames      8-15      dropped: stale      after     6.5 ms (no result)", line);
        Assert.DoesNotContain("latency", line, StringComparison.Ordinal);
    }

    private static PredictionRecord Record(string status, double latencyMs) =>
        new(1, 8, 15, Captured, Captured.AddMilliseconds(latencyMs), status, null, null, null, [], latencyMs, null, null, 0, 32, 32, null, null, null);
}
