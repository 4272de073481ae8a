using EdgeVision.Contracts.Telemetry;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Health;
using EdgeVision.Silo.Metrics;
using EdgeVision.Tests.Edge;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Silo.Health;

/// <summary>A camera is stalled when its sequences keep arriving for StallSeconds (15 s here) and none produced a result.</summary>
public sealed class CameraStallTrackerTests
{
    private const string Camera = "site/cam-1";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<CameraStallTracker> logger = new();
    private readonly CameraStallTracker tracker;

    public CameraStallTrackerTests() =>
        tracker = new CameraStallTracker(Options.Create(new CameraGrainOptions { StallSeconds = 15 }), time, logger);

    [Fact]
    public void ACameraWhoseSequencesKeepArrivingWithoutAResultIsStalledAfterStallSecondsAndWarnedAboutOnce()
    {
        ArriveEverySecondFor(14);
        Assert.Empty(tracker.Stalled());

        ArriveEverySecondFor(10);

        var stall = Assert.Single(tracker.Stalled());
        Assert.Equal((Camera, TimeSpan.FromSeconds(24), 24), (stall.Camera, stall.WithoutResult, stall.Sequences));
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains(Camera, warning.Message);
        Assert.Contains("Silo:Cameras:StallSeconds", warning.Message);
    }

    [Fact]
    public void ACameraThatStopsSendingIsOfflineNotStalled()
    {
        ArriveEverySecondFor(10);

        time.Advance(TimeSpan.FromSeconds(60));

        Assert.Empty(tracker.Stalled());
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
    }

    [Fact]
    public void AStalledCameraThatStopsSendingLeavesTheStallAndSaysSo()
    {
        ArriveEverySecondFor(20);
        Assert.Single(tracker.Stalled());

        time.Advance(TimeSpan.FromSeconds(15));

        Assert.Empty(tracker.Stalled());
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains("stopped sending", StringComparison.Ordinal));
    }

    [Fact]
    public void AResultEndsTheStallAndIsLoggedAsARecovery()
    {
        ArriveEverySecondFor(20);
        Assert.Single(tracker.Stalled());

        tracker.Produced(Camera);
        ArriveEverySecondFor(5);

        Assert.Empty(tracker.Stalled());
        var recovered = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Information);
        Assert.Contains($"Camera {Camera} recovered", recovered.Message);
    }

    [Fact]
    public void ResultsEveryFewSecondsKeepACameraOutOfAStall()
    {
        for (var i = 0; i < 10; i++)
        {
            ArriveEverySecondFor(10);
            tracker.Produced(Camera);
        }

        Assert.Empty(tracker.Stalled());
        Assert.Empty(logger.Collector.GetSnapshot());
    }

    [Fact]
    public void CountsTheStallFromTheFirstSequenceAfterTheLastResult()
    {
        tracker.Received(Camera);
        tracker.Produced(Camera);
        time.Advance(TimeSpan.FromSeconds(100));

        ArriveEverySecondFor(14);
        Assert.Empty(tracker.Stalled());
        ArriveEverySecondFor(1);

        Assert.Equal(TimeSpan.FromSeconds(15), Assert.Single(tracker.Stalled()).WithoutResult);
    }

    [Fact]
    public void SaysWhatBecameOfTheSequencesOfAStalledCamera()
    {
        for (var i = 0; i < 20; i++)
        {
            tracker.Received(Camera);
            if (i < 17)
            {
                tracker.Dropped(Camera, i % 4 == 0 ? DropReason.Overload : DropReason.Stale);
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal("no result for 20.0 s of 20 sequences: stale 12, overload 5, 3 in flight", Assert.Single(tracker.Stalled()).Summary);
    }

    [Fact]
    public void WarnsAboutACameraThatStallsAgainAtMostOncePerMinute()
    {
        ArriveEverySecondFor(16);
        tracker.Produced(Camera);
        ArriveEverySecondFor(16);
        Assert.Single(tracker.Stalled());
        tracker.Produced(Camera);
        time.Advance(TimeSpan.FromSeconds(30));
        ArriveEverySecondFor(16);

        var warnings = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("1 stalls of it not logged", warnings[1].Message);
    }

    [Fact]
    public void KeepsCamerasApartAndForgetsOneWhoseGrainDeactivated()
    {
        ArriveEverySecondFor(16);
        tracker.Received("site/cam-2");
        tracker.Forget(Camera);

        Assert.Empty(tracker.Stalled());
    }

    [Fact]
    public async Task TheHealthCheckIsDegradedNamingEachStalledCameraAndHealthyOtherwise()
    {
        var check = new CameraStallHealthCheck(tracker);
        Assert.Equal(HealthStatus.Healthy, (await Check(check)).Status);

        ArriveEverySecondFor(16);
        var degraded = await Check(check);

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains(Camera, degraded.Description);
        Assert.Equal(16.0, degraded.Data[Camera]);
    }

    [Fact]
    public void TheStalledCamerasGaugeCountsThem()
    {
        using var meters = EdgeTestKit.NewMeterFactory();
        _ = new SiloInstruments(meters, new AdaptiveStateGauges(), tracker, new LatencyBoundGauges());
        using var gauge = new MetricCollector<int>(meters, SiloInstruments.MeterName, SiloInstruments.StalledCamerasName);

        gauge.RecordObservableInstruments();
        Assert.Equal(0, gauge.LastMeasurement!.Value);

        ArriveEverySecondFor(16, "site/cam-2");
        gauge.RecordObservableInstruments();
        Assert.Equal(2, gauge.LastMeasurement!.Value);
    }

    // A sequence now and every second after it, for that many seconds; the clock ends a second after the last one.
    private void ArriveEverySecondFor(int seconds, string? other = null)
    {
        for (var i = 0; i < seconds; i++)
        {
            tracker.Received(Camera);
            if (other is not null)
            {
                tracker.Received(other);
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static Task<HealthCheckResult> Check(CameraStallHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
}
