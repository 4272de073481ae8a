using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Monitoring;
using EdgeVision.Silo.Grains;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Inference.Monitoring;

public sealed class PerformanceMonitorTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void SummarisesOnlyTheLastWindowOfLatencies()
    {
        var monitor = new PerformanceMonitor(time);
        for (var i = 1; i <= 150; i++)
        {
            monitor.RecordResult(TimeSpan.FromMilliseconds(i), TimeSpan.FromMilliseconds(i / 10.0), 16);
        }

        var latency = monitor.Snapshot().EndToEndLatencyMs;

        // The window holds 51..150: NumPy's linear percentiles of that range.
        Assert.Equal(100, latency.Count);
        Assert.Equal(100.5, latency.Mean, 9);
        Assert.Equal(100.5, latency.P50, 9);
        Assert.Equal(145.05, latency.P95, 9);
        Assert.Equal(149.01, latency.P99, 9);
        Assert.Equal(150, latency.Max, 9);
        Assert.Equal(15.0, monitor.Snapshot().InferenceLatencyMs.Max, 9);
    }

    [Fact]
    public void MeasuresSequenceAndFrameRatesOverTheRateWindowAndFallsToZeroWhenResultsStop()
    {
        var monitor = new PerformanceMonitor(time, rateWindow: TimeSpan.FromSeconds(5));
        for (var i = 0; i < 160; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1.0 / 16));
            monitor.RecordResult(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10), 16);
        }

        var running = monitor.Snapshot();
        Assert.Equal(16.0, running.SequencesPerSecond, 9);
        Assert.Equal(256.0, running.FramesPerSecond, 9);
        Assert.Equal(160, running.TotalSequencesProcessed);
        Assert.Equal(2560, running.TotalFramesProcessed);

        time.Advance(TimeSpan.FromSeconds(6));
        var stopped = monitor.Snapshot();
        Assert.Equal(0, stopped.SequencesPerSecond);
        Assert.Equal(160, stopped.TotalSequencesProcessed);
    }

    [Fact]
    public void CountsDropsByReasonAndQueueSizes()
    {
        var monitor = new PerformanceMonitor(time);
        monitor.RecordDrop(DropReason.Stale);
        monitor.RecordDrop(DropReason.Stale, 2);
        monitor.RecordDrop(DropReason.Overload);
        monitor.RecordQueueDepth(7);
        monitor.RecordQueueDepth(3);

        var snapshot = monitor.Snapshot();

        Assert.Equal(3, snapshot.DropsByReason[DropReason.Stale]);
        Assert.Equal(1, snapshot.DropsByReason[DropReason.Overload]);
        Assert.Equal(0, snapshot.DropsByReason[DropReason.Invalid]);
        Assert.Equal(DropReasons.All.Count, snapshot.DropsByReason.Count);
        Assert.Equal(4, snapshot.TotalDropped);
        Assert.Equal(3, snapshot.QueueDepth);
        Assert.Equal(7, snapshot.MaxQueueDepth);
    }

    [Fact]
    public void AnEmptyMonitorReportsZeros()
    {
        var snapshot = new PerformanceMonitor(time, windowSize: 10).Snapshot();

        Assert.Equal(LatencySummary.Empty, snapshot.EndToEndLatencyMs);
        Assert.Equal(0, snapshot.SequencesPerSecond);
        Assert.Equal(10, snapshot.WindowSize);
    }

    [Fact]
    public void ReportsAsCameraStats()
    {
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

    [Fact]
    public async Task CountsEveryResultRecordedFromSeveralThreads()
    {
        var monitor = new PerformanceMonitor(time);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                monitor.RecordResult(TimeSpan.FromMilliseconds(i), TimeSpan.Zero, 2);
                monitor.RecordDrop(DropReason.Stale);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var snapshot = monitor.Snapshot();
        Assert.Equal(4000, snapshot.TotalSequencesProcessed);
        Assert.Equal(8000, snapshot.TotalFramesProcessed);
        Assert.Equal(4000, snapshot.DropsByReason[DropReason.Stale]);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(50, 2.5)]
    [InlineData(95, 3.85)]
    [InlineData(100, 4.0)]
    public void PercentilesInterpolateBetweenClosestRanksLikeNumPy(double percentile, double expected)
    {
        Assert.Equal(expected, Percentiles.Of([1.0, 2.0, 3.0, 4.0], percentile), 9);
    }
}
