using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Runtime;
using EdgeVision.Tests.Edge;
using EdgeVision.Tests.Inference.Catalog;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Inference.Batching;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class InferenceEngineTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TinyCheckpoints checkpoints = new();
    private readonly FakeTimeProvider time = new(Requests.Start);
    private readonly IMeterFactory meters = EdgeTestKit.NewMeterFactory();
    private readonly ModelCatalog catalog;

    public InferenceEngineTests()
    {
        checkpoints.Write("tiny", "1");
        catalog = checkpoints.Catalog();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BatchesConcurrentRequestsFromSeveralCamerasIntoOneForwardPassWithTheirOwnProbabilities()
    {
        using var engine = Engine();
        using var batchSizes = new MetricCollector<int>(meters, InferenceInstruments.MeterName, "edgevision.inference.batch_size");
        var requests = Enumerable.Range(0, 3).Select(i => Requests.Create($"site/cam-{i}", seed: i)).ToArray();
        var inputs = requests.Select(Requests.ModelInput).ToArray();

        var tasks = await Task.WhenAll(requests.Select(r => Task.Factory.StartNew(() => engine.InferAsync(r, Token), Token, TaskCreationOptions.None, TaskScheduler.Default)));
        Assert.All(tasks, t => Assert.False(t.IsCompleted));
        Assert.Equal(3, engine.QueueDepth);

        // Target 100 ms, predicted 20 + 10 x 3 ms before any observation: due 50 ms after capture.
        time.Advance(TimeSpan.FromMilliseconds(60));
        var outcomes = await Task.WhenAll(tasks).WaitAsync(Timeout, Token);

        Assert.All(outcomes, o => Assert.Equal((InferenceStatus.Completed, 3, "1", TimeSpan.FromMilliseconds(60)), (o.Status, o.BatchSize, o.ModelVersion, o.QueueWait)));
        Assert.Equal([3], batchSizes.GetMeasurementSnapshot().Select(m => m.Value));
        using var lease = catalog.Acquire("tiny");
        for (var i = 0; i < requests.Length; i++)
        {
            var alone = lease.Session.Predict(inputs[i], new FrameBatchShape(1, 4, 3, 32, 32))[0];
            Assert.Equal(alone, outcomes[i].Probabilities!, new FloatTolerance(1e-5f));
            Assert.Equal(TinyModels.Classes, outcomes[i].Labels!.Count);
        }

        Assert.NotEqual(outcomes[0].Probabilities, outcomes[1].Probabilities!, new FloatTolerance(1e-6f));
    }

    [Fact]
    public async Task RunsAFullBatchWithoutWaitingForItsDeadline()
    {
        using var engine = Engine();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => engine.InferAsync(Requests.Create($"site/cam-{i}"), Token))).WaitAsync(Timeout, Token);

        Assert.All(outcomes, o => Assert.Equal((InferenceStatus.Completed, 4, TimeSpan.Zero), (o.Status, o.BatchSize, o.QueueWait)));
    }

    [Fact]
    public async Task TellsEveryRequestOfABatchHowLongNormalisingTheBatchTookApartFromItsQueueWaitAndForwardPass()
    {
        using var engine = Engine();
        // The clock moves 7 ms while the engine writes the batch input: the last request's frames are released as written.
        var slow = new ClockAdvancingOwner(time, TimeSpan.FromMilliseconds(7));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(i => engine.InferAsync(Requests.Create($"site/cam-{i}", owner: i == 3 ? slow : null), Token))).WaitAsync(Timeout, Token);

        Assert.All(outcomes, o => Assert.Equal(
            (InferenceStatus.Completed, 4, TimeSpan.FromMilliseconds(7), TimeSpan.Zero, TimeSpan.Zero),
            (o.Status, o.BatchSize, o.NormalizeDuration, o.QueueWait, o.InferenceDuration)));
    }

    [Fact]
    public async Task AddsTheConfiguredExtraForwardTimeToEveryForwardPassAndTakesAChangeFromTheNextBatchOn()
    {
        using var engine = Engine(options: new InferenceEngineOptions { ExtraForwardMs = 30 });

        // Full batches run at once (the fake clock never reaches a partial batch's due time).
        var slow = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => engine.InferAsync(Requests.Create($"site/cam-{i}"), Token))).WaitAsync(Timeout, Token);
        engine.ExtraForwardTime = TimeSpan.Zero;
        var fast = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => engine.InferAsync(Requests.Create($"site/cam-{i}"), Token))).WaitAsync(Timeout, Token);

        Assert.All(slow, o => Assert.Equal((InferenceStatus.Completed, TimeSpan.FromMilliseconds(30)), (o.Status, o.InferenceDuration)));
        Assert.All(fast, o => Assert.Equal((InferenceStatus.Completed, TimeSpan.Zero), (o.Status, o.InferenceDuration)));
    }

    [Fact]
    public async Task WithBatchingDisabledEveryRequestRunsAloneAtOnce()
    {
        using var engine = Engine(new InferenceConfig { EnableBatching = false });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => engine.InferAsync(Requests.Create($"site/cam-{i}"), Token))).WaitAsync(Timeout, Token);

        Assert.All(outcomes, o => Assert.Equal((InferenceStatus.Completed, 1), (o.Status, o.BatchSize)));
        Assert.Equal(1, engine.CurrentMaxBatchSize);
    }

    [Fact]
    public async Task TheControllersLowerBatchLimitMakesSmallerBatchesFull()
    {
        using var engine = Engine();
        Assert.Equal(2, engine.SetMaxBatchSize(2));

        var outcomes = await Task.WhenAll(engine.InferAsync(Requests.Create("site/a"), Token), engine.InferAsync(Requests.Create("site/b"), Token)).WaitAsync(Timeout, Token);

        Assert.All(outcomes, o => Assert.Equal(2, o.BatchSize));
        Assert.Equal(4, engine.SetMaxBatchSize(99));
    }

    [Fact]
    public async Task DropsARequestAlreadyPastItsDeadlineAsStaleAndCountsIt()
    {
        using var engine = Engine();
        using var dropped = new MetricCollector<long>(meters, InferenceInstruments.MeterName, "edgevision.inference.dropped");

        var outcome = await engine.InferAsync(Requests.Create(capturedAt: Requests.Start.AddMilliseconds(-300)), Token).WaitAsync(Timeout, Token);

        Assert.Equal((InferenceStatus.Dropped, DropReason.Stale, null), (outcome.Status, outcome.DropReason, outcome.Probabilities));
        var measurement = Assert.Single(dropped.GetMeasurementSnapshot());
        Assert.Equal("stale", measurement.Tags["reason"]);
        Assert.Equal("tiny", measurement.Tags["model"]);
    }

    [Fact]
    public async Task DropsARequestThatWentStaleWhileQueuedInsteadOfRunningIt()
    {
        using var engine = Engine();
        var task = engine.InferAsync(Requests.Create(maxLatencyMs: 50), Token);

        // Due 20 ms after capture (50 ms deadline minus 30 ms predicted); the clock jumps past the deadline first.
        time.Advance(TimeSpan.FromMilliseconds(60));
        var outcome = await task.WaitAsync(Timeout, Token);

        Assert.Equal((InferenceStatus.Dropped, DropReason.Stale, 0, TimeSpan.FromMilliseconds(60)), (outcome.Status, outcome.DropReason, outcome.BatchSize, outcome.QueueWait));
    }

    [Fact]
    public async Task DropsARequestThatWouldFinishPastItsDeadlineGivenTheLearnedForwardTimeAndCountsIt()
    {
        using var engine = Engine();
        using var dropped = new MetricCollector<long>(meters, InferenceInstruments.MeterName, "edgevision.inference.dropped");
        await ServeAsync(engine, "site/cam-1");
        var request = Requests.Create(capturedAt: Requests.Start.AddMilliseconds(-60));
        engine.Predictor.Observe(request.Key, 1, TimeSpan.FromMilliseconds(300)); // With the serving pass (0 ms on the fake clock): 150 ms.
        _ = engine.InferAsync(Requests.Create("site/waiting", size: 24, maxLatencyMs: 1000), Token);

        // Deadline 140 ms from now, learned forward pass 150 ms, another request waiting: it would finish late, so it never runs.
        var outcome = await engine.InferAsync(request, Token).WaitAsync(Timeout, Token);

        Assert.Equal((InferenceStatus.Dropped, DropReason.Stale, null), (outcome.Status, outcome.DropReason, outcome.Probabilities));
        Assert.Equal("stale", Assert.Single(dropped.GetMeasurementSnapshot()).Tags["reason"]);
    }

    [Fact]
    public async Task RunsALateRequestAsAProbeOnceItsCameraWentTheProbeIntervalWithoutAForwardPass()
    {
        using var engine = Engine(options: new InferenceEngineOptions { ProbeAfterMs = 500 });
        await ServeAsync(engine, "site/cam-1");
        var key = Requests.Create().Key;
        engine.Predictor.Observe(key, 1, TimeSpan.FromMilliseconds(300)); // With the serving pass (0 ms on the fake clock): 150 ms.
        _ = engine.InferAsync(Requests.Create("site/waiting", size: 24, maxLatencyMs: 1000), Token);
        var late = await engine.InferAsync(Requests.Create(capturedAt: time.GetUtcNow().AddMilliseconds(-60)), Token).WaitAsync(Timeout, Token);
        Assert.Equal(DropReason.Stale, late.DropReason);

        // Half a second without a forward pass: the next late request runs, and its pass is learned.
        time.Advance(TimeSpan.FromMilliseconds(500));
        _ = engine.InferAsync(Requests.Create("site/waiting", size: 24, capturedAt: time.GetUtcNow(), maxLatencyMs: 1000), Token);
        var probe = await engine.InferAsync(Requests.Create(capturedAt: time.GetUtcNow().AddMilliseconds(-60)), Token).WaitAsync(Timeout, Token);

        Assert.Equal((InferenceStatus.Completed, 1), (probe.Status, probe.BatchSize));
        Assert.Equal(3, engine.Predictor.Observations(key, 1));
    }

    [Fact]
    public async Task DropsTheMostUrgentRequestWhenPendingWorkIsFullAndCountsIt()
    {
        using var engine = Engine(options: new InferenceEngineOptions { MaxPendingRequests = 2 });
        using var dropped = new MetricCollector<long>(meters, InferenceInstruments.MeterName, "edgevision.inference.dropped");

        var first = engine.InferAsync(Requests.Create("site/a"), Token);
        var second = engine.InferAsync(Requests.Create("site/b", capturedAt: Requests.Start.AddMilliseconds(1)), Token);
        var third = engine.InferAsync(Requests.Create("site/c", capturedAt: Requests.Start.AddMilliseconds(2)), Token);

        var outcome = await first.WaitAsync(Timeout, Token);
        Assert.Equal((InferenceStatus.Dropped, DropReason.Overload), (outcome.Status, outcome.DropReason));
        Assert.Contains("Silo:InferenceEngine:MaxPendingRequests", outcome.Detail);
        Assert.Equal("overload", Assert.Single(dropped.GetMeasurementSnapshot()).Tags["reason"]);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.All(await Task.WhenAll(second, third).WaitAsync(Timeout, Token), o => Assert.Equal(2, o.BatchSize));
    }

    [Fact]
    public async Task AFailedForwardPassDropsOnlyItsBatchAsInvalidAndTheEngineKeepsServing()
    {
        using var engine = Engine(catalog: new FailingOnceCatalog(catalog));

        var failed = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => engine.InferAsync(Requests.Create($"site/cam-{i}"), Token))).WaitAsync(Timeout, Token);
        var served = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => engine.InferAsync(Requests.Create($"site/cam-{i}"), Token))).WaitAsync(Timeout, Token);

        Assert.All(failed, o => Assert.Equal((InferenceStatus.Dropped, DropReason.Invalid), (o.Status, o.DropReason)));
        Assert.All(failed, o => Assert.Contains("device lost", o.Detail));
        Assert.All(served, o => Assert.Equal(InferenceStatus.Completed, o.Status));
    }

    [Fact]
    public async Task CancellingAQueuedRequestCancelsItsTaskAndRemovesItFromTheQueue()
    {
        using var engine = Engine();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var task = engine.InferAsync(Requests.Create(), cancellation.Token);
        Assert.Equal(1, engine.QueueDepth);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(Timeout, Token));
        Assert.Equal(0, engine.QueueDepth);
    }

    [Fact]
    public async Task DisposingRunsWhatIsQueuedThenRefusesNewRequests()
    {
        var engine = Engine();
        var queued = new[] { engine.InferAsync(Requests.Create("site/a"), Token), engine.InferAsync(Requests.Create("site/b"), Token) };

        await engine.DisposeAsync().AsTask().WaitAsync(Timeout, Token);

        Assert.All(queued, t => Assert.Equal((InferenceStatus.Completed, 2), (t.Result.Status, t.Result.BatchSize)));
        Assert.Throws<ObjectDisposedException>(() => { _ = engine.InferAsync(Requests.Create(), Token); });
        engine.Dispose();
    }

    [Fact]
    public async Task ReportsQueueDepthAndForwardPassDuration()
    {
        using var engine = Engine();
        using var depth = new MetricCollector<int>(meters, InferenceInstruments.MeterName, "edgevision.inference.queue_depth");
        using var duration = new MetricCollector<double>(meters, InferenceInstruments.MeterName, "edgevision.inference.duration");
        var tasks = new[] { engine.InferAsync(Requests.Create("site/a"), Token), engine.InferAsync(Requests.Create("site/b"), Token) };

        depth.RecordObservableInstruments();
        Assert.Equal(2, depth.LastMeasurement!.Value);

        time.Advance(TimeSpan.FromMilliseconds(100));
        await Task.WhenAll(tasks).WaitAsync(Timeout, Token);
        depth.RecordObservableInstruments();
        Assert.Equal(0, depth.LastMeasurement!.Value);
        var pass = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal("tiny", pass.Tags["model"]);
        Assert.True(pass.Value >= 0);
    }

    [Fact]
    public void RejectsRequestsThatCanNeverBeValid()
    {
        using var engine = Engine();

        Assert.Contains("known: tiny", Assert.Throws<ArgumentException>(() => { _ = engine.InferAsync(Requests.Create(model: "nope"), Token); }).Message);
        Assert.Equal(0, engine.QueueDepth);
    }

    [Fact]
    public async Task ReleasesTheFramesOfEveryRequestHowEverItLeaves()
    {
        using var engine = Engine(options: new InferenceEngineOptions { MaxPendingRequests = 1, OverloadPolicy = OverloadPolicy.DropOldest });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var (rejected, stale, cancelled, overloaded, completed) = (new FramesOwner(), new FramesOwner(), new FramesOwner(), new FramesOwner(), new FramesOwner());

        Assert.Throws<ArgumentException>(() => { _ = engine.InferAsync(Requests.Create(model: "nope", owner: rejected), Token); });
        var staleOutcome = await engine.InferAsync(Requests.Create(capturedAt: Requests.Start.AddMilliseconds(-300), owner: stale), Token).WaitAsync(Timeout, Token);
        var cancelledTask = engine.InferAsync(Requests.Create("site/cam-1", owner: cancelled), cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledTask.WaitAsync(Timeout, Token));
        var overloadedTask = engine.InferAsync(Requests.Create("site/cam-2", owner: overloaded), Token);
        var third = engine.InferAsync(Requests.Create("site/cam-3", owner: completed), Token);
        time.Advance(TimeSpan.FromMilliseconds(60));
        var outcomes = await Task.WhenAll(overloadedTask, third).WaitAsync(Timeout, Token);

        Assert.Equal(DropReason.Stale, staleOutcome.DropReason);
        Assert.Equal(DropReason.Overload, outcomes[0].DropReason);
        Assert.Equal(InferenceStatus.Completed, outcomes[1].Status);
        Assert.All([rejected, stale, cancelled, overloaded, completed], owner => Assert.Equal(1, owner.Releases));
    }

    // One request of the camera runs at once (a full batch at batch size 1): the camera had a forward pass now, and the
    // estimate for one sequence is confirmed now.
    private async Task ServeAsync(InferenceEngine engine, string camera)
    {
        var size = engine.SetMaxBatchSize(1);
        var served = await engine.InferAsync(Requests.Create(camera, capturedAt: time.GetUtcNow()), Token).WaitAsync(Timeout, Token);
        Assert.Equal((InferenceStatus.Completed, 1), (served.Status, served.BatchSize));
        engine.SetMaxBatchSize(size == 1 ? engine.MaxBatchSize : size);
    }

    public void Dispose()
    {
        catalog.Dispose();
        checkpoints.Dispose();
    }

    private sealed class ClockAdvancingOwner(FakeTimeProvider clock, TimeSpan step) : IDisposable
    {
        public void Dispose() => clock.Advance(step);
    }

    private sealed class FramesOwner : IDisposable
    {
        private int releases;

        public int Releases => Volatile.Read(ref releases);

        public void Dispose() => Interlocked.Increment(ref releases);
    }

    private InferenceEngine Engine(InferenceConfig? config = null, InferenceEngineOptions? options = null, IModelCatalog? catalog = null) =>
        new(catalog ?? this.catalog,
            Options.Create(config ?? new InferenceConfig { TargetLatencyMs = 100, MaxLatencyMs = 200, MaxBatchSize = 4 }),
            Options.Create(options ?? new InferenceEngineOptions()),
            time,
            meters,
            NullLogger<InferenceEngine>.Instance);
}
