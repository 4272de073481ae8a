using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Dashboard;
using EdgeVision.Dashboard.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Dashboard;

public sealed class CameraStoreTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DashboardSamples.Epoch);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void ShowsTheLatestPredictionLatenciesAndAdaptiveStateOfACamera()
    {
        var store = Store();
        var adaptive = new AdaptiveState(96, 96, 2, 8, 10);

        store.TryApply(DashboardSamples.Result(sequence: 1, label: "walking"));
        store.TryApply(DashboardSamples.Result(sequence: 2, label: "waving", confidence: 0.7, endToEndMs: 150, inferenceMs: 55, adaptive: adaptive));

        var camera = Assert.Single(store.Snapshot());
        Assert.Equal(("site-a", "cam-1"), (camera.Site, camera.Camera));
        Assert.Equal("waving", camera.Latest!.Label);
        Assert.Equal(0.7, camera.Latest.Confidence);
        Assert.Equal(150, camera.Latest.EndToEndLatencyMs);
        Assert.Equal(55, camera.Latest.InferenceLatencyMs);
        Assert.Equal(adaptive, camera.Latest.AdaptiveState);
        Assert.Equal(2, camera.ResultCount);
        Assert.Equal([2L, 1L], camera.Recent.Select(r => r.SequenceNumber));
        Assert.Equal(CameraLiveness.Unknown, camera.State);
    }

    [Fact]
    public void ComputesP50AndP95OverTheKeptResultsOnly()
    {
        var store = Store(historySize: 20);

        // 1..30 ms, then only the last 20 (11..30) are kept.
        for (var i = 1; i <= 30; i++)
        {
            store.TryApply(DashboardSamples.Result(sequence: i, endToEndMs: i, inferenceMs: i / 2.0));
        }

        var camera = Assert.Single(store.Snapshot());
        Assert.Equal(20, camera.Recent.Count);
        Assert.Equal(30, camera.ResultCount);
        Assert.Equal(20, camera.Latency.Samples);
        Assert.Equal(20.5, camera.Latency.EndToEndP50Ms, 6);
        Assert.Equal(29.05, camera.Latency.EndToEndP95Ms, 6);
        Assert.Equal(14.525, camera.Latency.InferenceP95Ms, 6);
    }

    [Fact]
    public void KeepsRunningAccuracyOverTheKeptResultsAndSinceStart()
    {
        var store = Store(historySize: 4);

        // Right, wrong, right, right, then four wrong: the kept four are all wrong, three of eight since start right.
        string[] truths = ["walking", "running", "walking", "walking", "running", "running", "running", "running"];
        for (var i = 0; i < truths.Length; i++)
        {
            store.TryApply(DashboardSamples.Result(sequence: i, label: "walking", trueLabel: truths[i]));
            if (i == 3)
            {
                var early = Assert.Single(store.Snapshot()).Accuracy!;
                Assert.Equal((4, 0.75, 4L, 0.75), (early.RecentSamples, early.RecentTop1, early.TotalSamples, early.TotalTop1));
            }
        }

        var camera = Assert.Single(store.Snapshot());
        Assert.Equal((4, 0.0, 8L, 3 / 8.0), (camera.Accuracy!.RecentSamples, camera.Accuracy.RecentTop1, camera.Accuracy.TotalSamples, camera.Accuracy.TotalTop1));
        Assert.Equal(("running", false), (camera.Latest!.TrueLabel, camera.Latest.Correct));
    }

    [Fact]
    public void ACameraWithoutGroundTruthHasNoAccuracy()
    {
        var store = Store();

        store.TryApply(DashboardSamples.Result(camera: "cam-1", sequence: 1));
        store.TryApply(DashboardSamples.Result(camera: "cam-2", sequence: 1, trueLabel: "walking"));

        var cameras = store.Snapshot().ToDictionary(c => c.Camera);
        Assert.Null(cameras["cam-1"].Accuracy);
        Assert.Null(cameras["cam-1"].Latest!.Correct);
        Assert.Equal(1.0, cameras["cam-2"].Accuracy!.TotalTop1);
    }

    [Fact]
    public void MeasuresResultsPerSecondOverTheRateWindow()
    {
        var store = Store(rateWindowSeconds: 5);

        // 4 results a second for 10 seconds.
        for (var second = 0; second < 10; second++)
        {
            for (var i = 0; i < 4; i++)
            {
                store.TryApply(DashboardSamples.Result(sequence: (second * 4) + i));
                _time.Advance(TimeSpan.FromMilliseconds(250));
            }
        }

        Assert.Equal(4.0, Assert.Single(store.Snapshot()).ResultsPerSecond, 6);

        // Silence: the rate falls as the window empties (at 13.5 s only second 9's four results are inside it).
        _time.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(4 / 4.5, Assert.Single(store.Snapshot()).ResultsPerSecond, 6);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, Assert.Single(store.Snapshot()).ResultsPerSecond);
    }

    [Fact]
    public void ShowsABurstAtOnceWithoutInflatingItAboveItsCount()
    {
        var store = Store();

        for (var i = 0; i < 7; i++)
        {
            store.TryApply(DashboardSamples.Result(sequence: i));
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(7.0, Assert.Single(store.Snapshot()).ResultsPerSecond, 6);
    }

    [Fact]
    public void KeepsTheNewestStatusAndIgnoresALateOlderOne()
    {
        var store = Store();

        store.TryApply(DashboardSamples.Status(CameraState.Online, DashboardSamples.Epoch.AddSeconds(10)));
        store.TryApply(DashboardSamples.Status(CameraState.Offline, DashboardSamples.Epoch.AddSeconds(20), reason: "connection lost"));
        store.TryApply(DashboardSamples.Status(CameraState.Online, DashboardSamples.Epoch.AddSeconds(15)));

        var camera = Assert.Single(store.Snapshot());
        Assert.Equal(CameraLiveness.Offline, camera.State);
        Assert.Equal("connection lost", camera.StatusReason);
        Assert.Equal("1.0.0", camera.AgentVersion);
    }

    [Fact]
    public void MarksAnOnlineCameraStalledWhenResultsStop()
    {
        var store = Store(staleAfterSeconds: 5);
        store.TryApply(DashboardSamples.Status(CameraState.Online, DashboardSamples.Epoch));
        store.TryApply(DashboardSamples.Result());

        _time.Advance(TimeSpan.FromSeconds(4));
        var fresh = Assert.Single(store.Snapshot());
        _time.Advance(TimeSpan.FromSeconds(2));
        var silent = Assert.Single(store.Snapshot());

        Assert.False(fresh.Stalled);
        Assert.Equal(4, fresh.SecondsSinceLastResult!.Value, 6);
        Assert.True(silent.Stalled);
        Assert.Equal(6, silent.SecondsSinceLastResult!.Value, 6);
    }

    [Fact]
    public void MarksAnOnlineCameraWithoutAnyResultStalledOnlyAfterTheGracePeriod()
    {
        var store = Store(staleAfterSeconds: 5);
        store.TryApply(DashboardSamples.Status(CameraState.Online, DashboardSamples.Epoch));

        var justOnline = Assert.Single(store.Snapshot());
        _time.Advance(TimeSpan.FromSeconds(6));
        var stillNothing = Assert.Single(store.Snapshot());

        Assert.False(justOnline.Stalled);
        Assert.True(stillNothing.Stalled);
        Assert.Null(stillNothing.Latest);
    }

    [Fact]
    public void KeepsTheLastControlActionAndWhatItChanged()
    {
        var store = Store();

        store.TryApply(DashboardSamples.Control(issuedAt: DashboardSamples.Epoch.AddSeconds(5)));
        store.TryApply(DashboardSamples.Control(issuedAt: DashboardSamples.Epoch.AddSeconds(1)) with { Reason = "older" });

        var control = Assert.Single(store.Snapshot()).LastControl!;
        Assert.Equal("p95 over budget for 5 s", control.Reason);
        Assert.Equal("96×96, skip 2, 10 fps", control.Changes);
    }

    [Fact]
    public void ShowsWhatTheLatencyIsBoundByTheNominalSettingsWhereTheTimeWentAndTheExpectedAccuracy()
    {
        var store = Store();
        var result = DashboardSamples.Result() with { LatencyBreakdown = new LatencyBreakdown(3, 140, 2, 5, 0.4, 4.4, 10.2) };

        store.TryApply(DashboardSamples.Status(CameraState.Online, DashboardSamples.Epoch, nominal: new NominalSettings(32, 32, 0)));
        store.TryApply(result);
        store.TryApply(DashboardSamples.Control(issuedAt: DashboardSamples.Epoch.AddSeconds(1)) with { ExpectedAccuracy = 0.966, Cause = LatencyCause.ForwardBound });
        store.TryApply(DashboardSamples.Report(LatencyCause.TransportBound, acting: false, DashboardSamples.Epoch.AddSeconds(5), expectedAccuracy: 0.966));
        store.TryApply(DashboardSamples.Report(LatencyCause.WithinTarget, acting: false, DashboardSamples.Epoch.AddSeconds(2)));

        var camera = Assert.Single(store.Snapshot());
        Assert.Equal(new NominalSettings(32, 32, 0), camera.Nominal);
        Assert.Equal(("transport-bound", false), (camera.LatencyBound!.Name, camera.LatencyBound.Acting));
        Assert.Equal(0.966, camera.ExpectedAccuracy);
        Assert.Equal("forward-bound", camera.LastControl!.CauseName);
        Assert.Equal(140, camera.Latest!.LatencyBreakdown!.TransportMs);
    }

    [Fact]
    public void ExpectsTheAccuracyTheNewerOfTheLastControlAndLatencyReportNames()
    {
        var store = Store();

        store.TryApply(DashboardSamples.Report(LatencyCause.ForwardBound, acting: true, DashboardSamples.Epoch, expectedAccuracy: 0.984));
        store.TryApply(DashboardSamples.Control(issuedAt: DashboardSamples.Epoch.AddSeconds(1)) with { ExpectedAccuracy = 0.812 });

        Assert.Equal(0.812, Assert.Single(store.Snapshot()).ExpectedAccuracy);
    }

    [Fact]
    public void RefusesNewCamerasBeyondMaxCamerasButKeepsUpdatingKnownOnes()
    {
        var store = Store(maxCameras: 2);

        Assert.True(store.TryApply(DashboardSamples.Result(camera: "cam-1")));
        Assert.True(store.TryApply(DashboardSamples.Status(CameraState.Online, DashboardSamples.Epoch, camera: "cam-2")));
        Assert.False(store.TryApply(DashboardSamples.Result(camera: "cam-3")));
        Assert.True(store.TryApply(DashboardSamples.Result(camera: "cam-1", sequence: 2)));

        Assert.Equal(["cam-1", "cam-2"], store.Snapshot().Select(c => c.Camera));
    }

    [Fact]
    public void ListsCamerasBySiteThenCamera()
    {
        var store = Store();
        store.TryApply(DashboardSamples.Result(camera: "b", site: "north"));
        store.TryApply(DashboardSamples.Result(camera: "z", site: "east"));
        store.TryApply(DashboardSamples.Result(camera: "a", site: "north"));

        Assert.Equal(["east/z", "north/a", "north/b"], store.Snapshot().Select(c => $"{c.Site}/{c.Camera}"));
    }

    public void Dispose() => _services.Dispose();

    private CameraStore Store(int historySize = 50, int maxCameras = 256, double rateWindowSeconds = 10, double staleAfterSeconds = 10)
    {
        var options = Options.Create(new DashboardOptions
        {
            HistorySize = historySize,
            MaxCameras = maxCameras,
            RateWindowSeconds = rateWindowSeconds,
            StaleAfterSeconds = staleAfterSeconds,
        });
        return new CameraStore(options, _time, new DashboardInstruments(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
    }
}
