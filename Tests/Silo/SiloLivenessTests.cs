using System.Diagnostics.Metrics;
using EdgeVision.Inference.Batching;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Health;
using EdgeVision.Silo.Metrics;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// A camera that keeps sending gets results, and when it does not the silo says so. A learned forward time that says
/// every sequence would finish late does not silence a camera. A silo whose camera keeps sending sequences that produce
/// no result reports the camera stalled: <c>/health</c>'s camera check Degraded naming it, the stalled-cameras gauge, a
/// warning; and recovers when results come (the engine behind an <see cref="InferenceGate"/>, no result until the test
/// opens it; the stall tracker on a fake clock, so the default 15 s pass in an instant).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SiloLivenessTests
{
    private const string Site = "site-stall";

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACameraWhoseSequencesAllLookLateByALearnedForwardTimeFromASlowSpellStillGetsResults()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var silos = await SiloTestCluster.StartAsync(broker, silos: 1, new Dictionary<string, string?>
        {
            ["Silo:Inference:TargetLatencyMs"] = "20000",
            ["Silo:Inference:MaxLatencyMs"] = "30000",
            ["Silo:Inference:EnableBatching"] = "false",
        });
        await using var results = await ResultRecorder.StartAsync(broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(broker, _cancellation);
        using var dropped = new MetricCollector<long>(silos.Service<IMeterFactory>(0), SiloInstruments.MeterName, SiloInstruments.DroppedName);

        // A slow spell taught 15 s for one 8x32x32 sequence of conv3d; transport spent 20 s of each sequence's 30 s, so by
        // that estimate every one would finish late, and only a forward pass could teach that passes take milliseconds.
        silos.Service<InferenceEngine>(0).Predictor.Observe(new BatchKey("conv3d", 8, 3, 32, 32), 1, TimeSpan.FromSeconds(15));
        var capturedAt = DateTimeOffset.UtcNow.AddSeconds(-20);
        for (var n = 0; n < 4; n++)
        {
            await publisher.PublishAsync(TestSequences.Create(Site, "slow-spell", n, capturedAt.AddMilliseconds(266 * n)), _cancellation);
        }

        var served = results.WaitUntilAsync(all => all.Count(r => r.Camera == "slow-spell") == 4, _cancellation);
        await Task.WhenAny(served, dropped.WaitForMeasurementsAsync(1, ResultRecorder.Timeout));

        Assert.Empty(dropped.GetMeasurementSnapshot());
        await served;
        Assert.Equal([0L, 1, 2, 3], results.For(Site, "slow-spell").Select(r => r.SequenceNumber));
    }

    [Fact]
    public async Task ACameraThatKeepsSendingWithoutResultsIsReportedStalledOnHealthInTheGaugeAndTheLogUntilResultsCome()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        var gate = new InferenceGate();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var silos = await SiloTestCluster.StartAsync(broker, silos: 1, new Dictionary<string, string?>
        {
            ["Silo:Inference:TargetLatencyMs"] = "20000",
            ["Silo:Inference:MaxLatencyMs"] = "30000",
        }, configureHost: (_, host) =>
        {
            host.Logging.AddFakeLogging();
            host.Services.AddSingleton<IInferenceEngine>(provider => new GatedInferenceEngine(provider.GetRequiredService<InferenceEngine>(), gate));
            host.Services.AddSingleton(provider => new CameraStallTracker(
                provider.GetRequiredService<IOptions<CameraGrainOptions>>(), clock, provider.GetRequiredService<ILogger<CameraStallTracker>>()));
        });
        await using var results = await ResultRecorder.StartAsync(broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(broker, _cancellation);
        using var gauge = new MetricCollector<int>(silos.Service<IMeterFactory>(0), SiloInstruments.MeterName, SiloInstruments.StalledCamerasName);
        var health = silos.Service<HealthCheckService>(0);
        var logs = silos.Service<FakeLogCollector>(0);

        // "sending" keeps sending; "quiet" sends one sequence and stops (offline, not stalled). Neither gets a result.
        var now = DateTimeOffset.UtcNow;
        await PublishAndWaitHeldAsync(gate, publisher, "sending", 0, now, held: 1);
        await PublishAndWaitHeldAsync(gate, publisher, "quiet", 0, now, held: 2);
        clock.Advance(TimeSpan.FromSeconds(15));
        await PublishAndWaitHeldAsync(gate, publisher, "sending", 1, now.AddMilliseconds(266), held: 3);

        var stalled = await CameraCheckAsync(health);
        Assert.Equal(HealthStatus.Degraded, stalled.Status);
        Assert.Contains($"{Site}/sending no result for 15.0 s of 2 sequences: 2 in flight", stalled.Description);
        Assert.DoesNotContain("quiet", stalled.Description);
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(_cancellation)).Status);
        gauge.RecordObservableInstruments();
        Assert.Equal(1, gauge.LastMeasurement!.Value);
        var warning = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Category == typeof(CameraStallTracker).FullName);
        Assert.Contains($"Camera {Site}/sending stalled", warning.Message);

        gate.Open();
        await results.WaitUntilAsync(all => all.Count(r => r.Camera == "sending") == 2, _cancellation);

        Assert.Equal(HealthStatus.Healthy, (await CameraCheckAsync(health)).Status);
        gauge.RecordObservableInstruments();
        Assert.Equal(0, gauge.LastMeasurement!.Value);
        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains($"Camera {Site}/sending recovered", StringComparison.Ordinal));
    }

    private async Task PublishAndWaitHeldAsync(InferenceGate gate, SequencePublisher publisher, string camera, long number, DateTimeOffset lastCapture, int held)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnHeld()
        {
            if (gate.HeldCount >= held)
            {
                reached.TrySetResult();
            }
        }

        gate.Held += OnHeld;
        try
        {
            await publisher.PublishAsync(TestSequences.Create(Site, camera, number, lastCapture), _cancellation);
            await reached.Task.WaitAsync(ResultRecorder.Timeout, _cancellation);
        }
        finally
        {
            gate.Held -= OnHeld;
        }
    }

    private async Task<HealthReportEntry> CameraCheckAsync(HealthCheckService health) =>
        (await health.CheckHealthAsync(r => r.Name == CameraStallHealthCheck.Name, _cancellation)).Entries[CameraStallHealthCheck.Name];
}
