using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Monitoring;
using EdgeVision.Inference.Pixels;
using EdgeVision.Inference.Serving;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Inference.Serving;

public sealed class ServedCameraTests
{
    private const string Camera = "site-1/cam-1";
    private static readonly DateTimeOffset Capture = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxLatency = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(Capture);
    private readonly ScriptedEngine _engine = new();
    private readonly List<(string Sequence, ServedResult Result)> _released = [];
    private readonly List<(string Sequence, ServedDrop Drop)> _dropped = [];

    [Fact]
    public async Task ResultsLeaveInSequenceOrderWhenTheEngineFinishesALaterSequenceFirst()
    {
        var first = await SecondFinishedFirstAsync(Served());
        Assert.Empty(_released);

        _engine.Complete(0);
        await first.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(["seq-1", "seq-2"], _released.Select(r => r.Sequence));
        Assert.Equal([1L, 2L], _released.Select(r => r.Result.SequenceNumber));
    }

    [Fact]
    public async Task AResultsLatencyRunsFromItsLastCaptureToItsReleaseSplitIntoWhereItWent()
    {
        var monitor = new PerformanceMonitor(_time);
        var camera = Served(monitor);
        var submitted = Capture.AddMilliseconds(30);
        camera.Accept(1);
        var serving = camera.ServeAsync("seq-1", 1, new SequenceTimes(Capture, submitted, submitted, submitted), "tiny", Frames(), TimeSpan.FromMilliseconds(7));

        _time.SetUtcNow(Capture.AddMilliseconds(100));
        _engine.Complete(0, queue: 10, forward: 20, normalize: 5);
        await serving.WaitAsync(Patience, TestContext.Current.CancellationToken);

        var request = _engine.Requests[0].Request;
        Assert.Equal((Camera, "tiny", Capture + MaxLatency), (request.CameraId, request.ModelKey, request.Deadline));
        var result = Assert.Single(_released).Result;
        Assert.Equal((TimeSpan.FromMilliseconds(100), Capture.AddMilliseconds(100), 16, 16), (result.EndToEnd, result.ReleasedAt, result.Width, result.Height));
        var parts = result.Parts;
        // The edge's part is capture to submission; the decode part is the caller's 7 ms plus the engine's 5 ms of normalisation.
        Assert.Equal((30.0, 0.0, 0.0, 12.0, 10.0, 20.0), (parts.EdgeMs!.Value, parts.TransportMs, parts.IngestMs, parts.DecodeMs, parts.QueueMs, parts.ForwardMs));
        Assert.Equal(28, parts.OtherMs, precision: 9);
        Assert.False(parts.ClockSkew);
        var snapshot = monitor.Snapshot();
        Assert.Equal((1L, 4L, 100.0), (snapshot.TotalSequencesProcessed, snapshot.TotalFramesProcessed, snapshot.EndToEndLatencyMs.P50));
    }

    [Fact]
    public async Task AnEngineDropEndsTheSequenceWithItsReasonAndLetsTheResultsBehindItLeave()
    {
        var monitor = new PerformanceMonitor(_time);
        var first = await SecondFinishedFirstAsync(Served(monitor));

        _engine.Drop(0, DropReason.Stale, "past its deadline");
        await first.WaitAsync(Patience, TestContext.Current.CancellationToken);

        var (sequence, drop) = Assert.Single(_dropped);
        Assert.Equal(("seq-1", 1L, DropReason.Stale, "past its deadline"), (sequence, drop.SequenceNumber, drop.Reason, drop.Detail));
        Assert.NotNull(drop.Outcome);
        Assert.Null(drop.Error);
        Assert.Equal(["seq-2"], _released.Select(r => r.Sequence));
        Assert.Equal(1, monitor.Snapshot().DropsByReason[DropReason.Stale]);
    }

    [Fact]
    public async Task ACompletedOutcomeWithoutProbabilitiesIsAnInvalidDrop()
    {
        var camera = Served();
        camera.Accept(1);
        var serving = Serve(camera, 1);

        _engine.Complete(0, probabilities: []);
        await serving.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Empty(_released);
        Assert.Equal(DropReason.Invalid, Assert.Single(_dropped).Drop.Reason);
    }

    public static TheoryData<string, DropReason, bool> Refusals => new()
    {
        { nameof(ArgumentException), DropReason.Invalid, false },
        { nameof(ObjectDisposedException), DropReason.Overload, false },
        { nameof(InvalidOperationException), DropReason.Invalid, true },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ASubmissionTheEngineRefusesIsADropNotAnException(string exception, DropReason reason, bool unexpected)
    {
        _engine.Refusal = exception switch
        {
            nameof(ArgumentException) => new ArgumentException("unknown model 'tiny'"),
            nameof(ObjectDisposedException) => new ObjectDisposedException("engine"),
            _ => new InvalidOperationException("the forward pass failed"),
        };
        var camera = Served();
        camera.Accept(1);

        await Serve(camera, 1).WaitAsync(Patience, TestContext.Current.CancellationToken);

        var drop = Assert.Single(_dropped).Drop;
        Assert.Equal(reason, drop.Reason);
        Assert.Equal(unexpected, drop.Error is not null);
        Assert.Null(drop.Outcome);
    }

    [Fact]
    public async Task AResultPastTheMaximumLatencyMakesTheControllerDegradeAtTheNextAdapt()
    {
        var camera = Served(controller: Controller());
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(camera.Adapt());
        var captured = _time.GetUtcNow();
        camera.Accept(1);
        var serving = camera.ServeAsync("seq-1", 1, new SequenceTimes(captured, captured, captured, captured), "tiny", Frames());

        _time.Advance(TimeSpan.FromSeconds(2));
        // Nearly all of it waiting in the queue: the part a larger batch shrinks.
        _engine.Complete(0, queue: 1_990);
        await serving.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(AdaptiveAction.IncreaseBatchSize, camera.Adapt()?.Action);
    }

    [Fact]
    public void OnlyADropThatSaysThePipelineIsBehindTellsTheController()
    {
        var monitor = new PerformanceMonitor(_time);
        var camera = Served(monitor, Controller());
        _time.Advance(TimeSpan.FromSeconds(3));

        camera.RecordDrop(DropReason.Stale, load: false);
        Assert.Null(camera.Adapt());

        camera.RecordDrop(DropReason.Stale);
        Assert.Equal(AdaptiveAction.IncreaseBatchSize, camera.Adapt()?.Action);
        Assert.Equal(2, monitor.Snapshot().DropsByReason[DropReason.Stale]);
    }

    [Fact]
    public void WithoutAControllerAdaptDecidesNothingUntilOneIsGiven()
    {
        var camera = Served();
        var controller = Controller();
        _time.Advance(TimeSpan.FromSeconds(3));
        camera.RecordDrop(DropReason.Stale);
        Assert.Null(camera.Adapt());

        camera.UseController(controller);
        camera.RecordDrop(DropReason.Stale);

        Assert.Equal(AdaptiveAction.IncreaseBatchSize, camera.Adapt()?.Action);
    }

    private ServedCamera<string> Served(PerformanceMonitor? monitor = null, LatencyController? controller = null) =>
        new(_engine, Camera, MaxLatency, monitor ?? new PerformanceMonitor(_time), _time,
            (sequence, result) => _released.Add((sequence, result)), (sequence, drop) => _dropped.Add((sequence, drop)), controller);

    private LatencyController Controller() =>
        new(new InferenceConfig { MaxBatchSize = 4, TargetLatencyMs = 100, MaxLatencyMs = 200 }, new AdaptiveSettings(1, 0, 16, 16),
            new LatencyControllerOptions(), _time);

    /// <summary>Sequences 1 and 2 accepted and submitted, and the engine done with 2 first; returns the task serving 1, which awaits its outcome.</summary>
    private async Task<Task> SecondFinishedFirstAsync(ServedCamera<string> camera)
    {
        camera.Accept(1);
        camera.Accept(2);
        var first = Serve(camera, 1);
        var second = Serve(camera, 2);
        _engine.Complete(1);
        await second.WaitAsync(Patience, TestContext.Current.CancellationToken);
        return first;
    }

    private Task Serve(ServedCamera<string> camera, long number)
    {
        var now = _time.GetUtcNow();
        return camera.ServeAsync($"seq-{number}", number, new SequenceTimes(now, now, now, now), "tiny", Frames());
    }

    private static SequenceFrames Frames() =>
        new([.. Enumerable.Range(0, 4).Select(_ => (ReadOnlyMemory<byte>)new byte[16 * 16 * 3])], 16, 16, PixelOrder.Rgb, PixelNormalization.ImageNet);

    /// <summary>An engine whose outcomes the test decides, one request at a time, in any order.</summary>
    private sealed class ScriptedEngine : IInferenceEngine
    {
        private readonly TimeProvider _time = TimeProvider.System;

        public List<(InferenceRequest Request, TaskCompletionSource<InferenceOutcome> Outcome)> Requests { get; } = [];

        public Exception? Refusal { get; set; }

        public int QueueDepth => 0;

        public int CurrentMaxBatchSize => 1;

        public int SetMaxBatchSize(int maxBatchSize) => 1;

        public Task<InferenceOutcome> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
        {
            request.Frames.Dispose();
            if (Refusal is { } refusal)
            {
                throw refusal;
            }

            var outcome = new TaskCompletionSource<InferenceOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            Requests.Add((request, outcome));
            return outcome.Task;
        }

        public void Complete(int request, double queue = 1, double forward = 2, double normalize = 0, float[]? probabilities = null) =>
            Requests[request].Outcome.SetResult(new InferenceOutcome(InferenceStatus.Completed, probabilities ?? [0.25f, 0.75f], null, null, 1,
                TimeSpan.FromMilliseconds(queue), TimeSpan.FromMilliseconds(forward), _time.GetUtcNow(), "1.0.0", ["a", "b"])
            {
                NormalizeDuration = TimeSpan.FromMilliseconds(normalize),
            });

        public void Drop(int request, DropReason reason, string detail) =>
            Requests[request].Outcome.SetResult(InferenceOutcome.Dropped(reason, detail, TimeSpan.Zero, _time.GetUtcNow()));
    }
}
