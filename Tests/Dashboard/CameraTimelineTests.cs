using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Dashboard;
using EdgeVision.Dashboard.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Dashboard;

/// <summary>What a camera's charts show: 5 s buckets over the chart window, on the Dashboard's receive clock.</summary>
public sealed class CameraTimelineTests : IDisposable
{
    private static readonly CameraId Cam = new(DashboardSamples.Site, "cam-1");
    private readonly FakeTimeProvider _time = new(DashboardSamples.Epoch);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void ChartsLatencyPercentilesMaximumAndRatePerBucketOverTheWholeWindow()
    {
        var store = Store(chartWindowSeconds: 600);

        // Ten results in the first bucket (10..100 ms), none in the second, two in the third.
        for (var i = 1; i <= 10; i++)
        {
            store.TryApply(DashboardSamples.Result(sequence: i, endToEndMs: i * 10));
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        store.TryApply(DashboardSamples.Result(sequence: 11, endToEndMs: 300));
        store.TryApply(DashboardSamples.Result(sequence: 12, endToEndMs: 100));
        _time.Advance(TimeSpan.FromSeconds(4));

        var timeline = store.Timeline(Cam)!;
        Assert.Equal(120, timeline.Time.Count);
        Assert.Equal(DashboardSamples.Epoch.AddSeconds(10).ToUnixTimeSeconds(), timeline.Time[^1]);
        Assert.All(timeline.Time.Zip(timeline.Time.Skip(1)), pair => Assert.Equal(5, pair.Second - pair.First));
        var (first, gap, last) = (117, 118, 119);
        Assert.Equal((55.0, 95.5, 100.0), (timeline.EndToEndP50Ms[first]!.Value, Math.Round(timeline.EndToEndP95Ms[first]!.Value, 6), timeline.EndToEndMaxMs[first]!.Value));
        Assert.Equal(2.0, timeline.ResultsPerSecond[first]);
        Assert.Null(timeline.EndToEndP50Ms[gap]);
        Assert.Equal(0, timeline.ResultsPerSecond[gap]);
        Assert.Equal((200.0, 300.0), (timeline.EndToEndP50Ms[last]!.Value, timeline.EndToEndMaxMs[last]!.Value));
        // The current bucket counts over the four seconds it has run, not five.
        Assert.Equal(0.5, timeline.ResultsPerSecond[last]);
        Assert.All(timeline.EndToEndP50Ms.Take(first), Assert.Null);
    }

    [Fact]
    public void ForgetsWhatIsOlderThanTheWindow()
    {
        var store = Store(chartWindowSeconds: 60);
        store.TryApply(DashboardSamples.Result(sequence: 1, endToEndMs: 500));
        store.TryApply(DashboardSamples.Control());

        _time.Advance(TimeSpan.FromSeconds(61));
        store.TryApply(DashboardSamples.Result(sequence: 2, endToEndMs: 80));

        var timeline = store.Timeline(Cam)!;
        Assert.Equal(12, timeline.Time.Count);
        Assert.Equal([80.0], timeline.EndToEndMaxMs.OfType<double>());
        Assert.Empty(timeline.Controls);
    }

    [Fact]
    public void StepsTheSettingsResultsWereProducedUnderAndMarksEachControlMessageWithItsReason()
    {
        var store = Store();
        store.TryApply(DashboardSamples.Result(sequence: 1, adaptive: new AdaptiveState(112, 112, 0, 4, 15)));
        _time.Advance(TimeSpan.FromSeconds(5));
        store.TryApply(DashboardSamples.Control(issuedAt: _time.GetUtcNow()) with { Cause = LatencyCause.QueueBound });
        _time.Advance(TimeSpan.FromSeconds(5));
        store.TryApply(DashboardSamples.Result(sequence: 2, adaptive: new AdaptiveState(96, 96, 2, 8, 10)));
        _time.Advance(TimeSpan.FromSeconds(5));

        var timeline = store.Timeline(Cam)!;
        // Oldest first: nothing known, then 112 until the next result shows 96, which then holds.
        Assert.Equal([null, 112, 112, 96, 96], timeline.Width.Skip(115));
        Assert.Equal([null, 0, 0, 2, 2], timeline.FrameSkip.Skip(115));
        Assert.Equal([null, 4, 4, 8, 8], timeline.BatchSize.Skip(115));
        var control = Assert.Single(timeline.Controls);
        Assert.Equal(("p95 over budget for 5 s", "queue-bound", "96×96, skip 2, 10 fps"), (control.Reason, control.CauseName, control.Changes));
        Assert.Equal(DashboardSamples.Epoch.AddSeconds(5), control.ReceivedAt);
    }

    [Fact]
    public void ChartsAccuracyOnlyForACameraWhoseResultsCarryTrueLabels()
    {
        var store = Store();
        store.TryApply(DashboardSamples.Result(sequence: 1, label: "walking", trueLabel: "walking"));
        store.TryApply(DashboardSamples.Result(sequence: 2, label: "walking", trueLabel: "running"));
        store.TryApply(DashboardSamples.Result(sequence: 3, label: "walking", trueLabel: "walking"));
        store.TryApply(DashboardSamples.Result(sequence: 4, label: "walking", trueLabel: "walking"));
        store.TryApply(DashboardSamples.Result(camera: "cam-2", sequence: 1));

        Assert.Equal(0.75, store.Timeline(Cam)!.Accuracy![^1]);
        Assert.Null(store.Timeline(Cam with { Camera = "cam-2" })!.Accuracy);
        Assert.Null(store.Timeline(Cam with { Camera = "cam-3" }));
    }

    [Fact]
    public void NamesTheModelAndVersionThatProducedTheLatestResultWithItsLabels()
    {
        var store = Store();
        store.TryApply(DashboardSamples.Status(CameraState.Online, _time.GetUtcNow()));
        Assert.Null(store.Timeline(Cam)!.Latest);

        store.TryApply(DashboardSamples.Result(sequence: 1));
        store.TryApply(DashboardSamples.Result(sequence: 2, label: "abseiling", confidence: 0.31) with { ModelName = "r2plus1d_18", ModelVersion = "sha256:b294bb96d597" });

        var latest = store.Timeline(Cam)!.Latest!;
        Assert.Equal(("r2plus1d_18", "sha256:b294bb96d597", 2L), (latest.ModelName, latest.ModelVersion, latest.SequenceNumber));
        Assert.Equal(["abseiling", "running"], latest.TopK.Select(s => s.Label));
    }

    [Fact]
    public void DrawsTheTargetOfTheLatestLatencyReport()
    {
        var store = Store();
        store.TryApply(DashboardSamples.Result());
        Assert.Null(store.Timeline(Cam)!.TargetLatencyMs);

        store.TryApply(DashboardSamples.Report(LatencyCause.WithinTarget, acting: false, _time.GetUtcNow()));

        Assert.Equal(100, store.Timeline(Cam)!.TargetLatencyMs);
    }

    [Fact]
    public void DrawsTheMaximumLatencyOfTheLatestLatencyReportBesideItsTarget()
    {
        var store = Store();
        store.TryApply(DashboardSamples.Report(LatencyCause.WithinTarget, acting: false, _time.GetUtcNow()));
        Assert.Equal((100.0, (double?)null), (store.Timeline(Cam)!.TargetLatencyMs, store.Timeline(Cam)!.MaxLatencyMs));

        _time.Advance(TimeSpan.FromSeconds(1));
        store.TryApply(DashboardSamples.Report(LatencyCause.QueueBound, acting: true, _time.GetUtcNow()) with { MaxLatencyMs = 250 });

        Assert.Equal((100.0, (double?)250), (store.Timeline(Cam)!.TargetLatencyMs, store.Timeline(Cam)!.MaxLatencyMs));
    }

    [Fact]
    public void ChartsSequencesDroppedPerBucketByReasonOnlyForReasonsWithDropsInTheWindow()
    {
        var store = Store(chartWindowSeconds: 60);
        store.TryApply(DashboardSamples.Drop("lost", sequence: 1));
        _time.Advance(TimeSpan.FromSeconds(20));
        store.TryApply(DashboardSamples.Result(sequence: 2));
        foreach (var (reason, sequence) in new[] { ("stale", 3), ("overload", 4), ("stale", 5) })
        {
            store.TryApply(DashboardSamples.Drop(reason, sequence));
        }

        _time.Advance(TimeSpan.FromSeconds(5));
        store.TryApply(DashboardSamples.Drop("stale", sequence: 6));

        var timeline = store.Timeline(Cam)!;
        // In the order of the drop reasons; each column aligned with the buckets, the latest last.
        Assert.Equal(["stale", "overload", "lost"], timeline.Drops.Select(d => d.Reason));
        Assert.Equal([0, 0, 0, 0, 2, 1], timeline.Drops[0].Sequences.Skip(6));
        Assert.Equal([0, 0, 0, 0, 1, 0], timeline.Drops[1].Sequences.Skip(6));
        Assert.Equal([1, 0, 0, 0, 0, 0], timeline.Drops[2].Sequences.Skip(6));
        // The result shares its bucket with the drops and still counts.
        Assert.Equal(0.2, timeline.ResultsPerSecond[^2]);

        // Once the window has passed a drop, it is gone from the chart.
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(["stale", "overload"], store.Timeline(Cam)!.Drops.Select(d => d.Reason));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(store.Timeline(Cam)!.Drops);
    }

    [Fact]
    public void KeepsABoundedSampleOfABusyBucket()
    {
        var store = Store();
        for (var i = 0; i < 10 * CameraTimeline.SamplesPerBucket; i++)
        {
            store.TryApply(DashboardSamples.Result(sequence: i, endToEndMs: 100));
        }

        store.TryApply(DashboardSamples.Result(sequence: 10_000, endToEndMs: 900));

        var timeline = store.Timeline(Cam)!;
        Assert.Equal((100.0, 900.0), (timeline.EndToEndP50Ms[^1]!.Value, timeline.EndToEndMaxMs[^1]!.Value));
        Assert.Equal((10 * CameraTimeline.SamplesPerBucket) + 1, timeline.ResultsPerSecond[^1]);
    }

    public void Dispose() => _services.Dispose();

    private CameraStore Store(int chartWindowSeconds = 600) =>
        new(Options.Create(new DashboardOptions { ChartWindowSeconds = chartWindowSeconds }), _time, new DashboardInstruments(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
}
