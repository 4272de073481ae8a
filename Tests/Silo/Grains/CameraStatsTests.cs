using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Monitoring;
using EdgeVision.Silo.Grains;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Silo.Grains;

public sealed class CameraStatsTests
{
    [Fact]
    public void ReportsTheMonitorsWindowWithTheCamerasPendingWork()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var monitor = new PerformanceMonitor(time, windowSize: 3);
        time.Advance(TimeSpan.FromSeconds(1));
        monitor.RecordResult(TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(20), 8);
        monitor.RecordDrop(DropReason.Invalid);

        var stats = CameraStats.From("site", "cam", monitor.Snapshot(), pendingSequences: 2, lastSequenceNumber: 41);

        Assert.Equal(("site", "cam", 3, 2, 41L), (stats.Site, stats.Camera, stats.WindowSize, stats.PendingSequences, stats.LastSequenceNumber));
        Assert.Equal(80, stats.EndToEndLatencyMs.P95, 9);
        Assert.Equal(20, stats.InferenceLatencyMs.Mean, 9);
        Assert.Equal((1L, 8L), (stats.TotalSequencesProcessed, stats.TotalFramesProcessed));
        Assert.Equal(1, stats.DropsByReason[DropReason.Invalid]);
        Assert.Equal(1.0, stats.SequencesPerSecond, 9);
    }
}
