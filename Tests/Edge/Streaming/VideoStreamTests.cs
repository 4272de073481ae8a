using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Edge.Streaming;

public sealed class VideoStreamTests(TestVideos videos) : IClassFixture<TestVideos>
{
    [Fact]
    public async Task FileFramesReconcileWithSequencesAndDropsByReason()
    {
        var meters = EdgeTestKit.NewMeterFactory();
        using var dropped = new MetricCollector<long>(meters, CaptureInstruments.MeterName, "edgevision.edge.frames.dropped");
        var config = new VideoConfig { TargetWidth = 32, TargetHeight = 32, Fps = 5, FrameSkip = 1, SequenceLength = 3, Stride = 2 };
        await using var stream = new VideoStream(new FileFrameSource(videos.Mp4H264, Playback.Unpaced), config, meters);

        Assert.True(stream.StartStreaming());
        var sequences = await DrainAsync(stream);

        // 10 fps -> 5 fps keeps 0,2,..,18; skipping one after each keeps 0,4,8,12,16.
        Assert.Equal([[0, 4, 8], [8, 12, 16]], sequences.Select(s => s.FrameIndices.ToArray()));
        Assert.All(sequences, s => Assert.Equal((32, 32, 64, 48), (s.Width, s.Height, s.SourceWidth, s.SourceHeight)));
        var info = stream.GetInfo();
        Assert.Equal(TestVideos.Frames, info.FramesCaptured);
        Assert.Equal(10, info.DroppedByReason[DropReason.FpsLimit]);
        Assert.Equal(5, info.DroppedByReason[DropReason.FrameSkip]);
        Assert.Equal(0, info.DroppedByReason[DropReason.SourceOverrun]);
        var distinct = sequences.SelectMany(s => s.FrameIndices).Distinct().Count();
        Assert.Equal(info.FramesCaptured, distinct + info.DroppedByReason.Values.Sum() + info.PendingFrames);
        Assert.Equal(2, info.SequencesAssembled);
        Assert.Equal(SourceState.Ended, info.SourceStatus.State);
        Assert.False(info.IsRunning);
        Assert.Equal(10, dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], "fps_limit")).Sum(m => m.Value));
        Assert.Equal(5, dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], "frame_skip")).Sum(m => m.Value));
        EdgeTestKit.DisposeAll(sequences);
    }

    [Fact]
    public async Task FullCaptureBufferDropsTheOldestFramesAndCountsThem()
    {
        var meters = EdgeTestKit.NewMeterFactory();
        using var dropped = new MetricCollector<long>(meters, CaptureInstruments.MeterName, "edgevision.edge.frames.dropped");
        const int Total = 200;
        var source = new GeneratorFrameSource(EdgeTestKit.Solid(1, 2, 3, Total), 32, 32, fps: 30, playback: Playback.Unpaced);
        var config = new VideoConfig { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 2, BufferSize = 4 };
        await using var stream = new VideoStream(source, config, meters, new VideoStreamOptions { SequenceBufferSize = 1 });

        stream.StartStreaming();
        // Nobody reads until the generator is done, so assembly stalls and the capture buffer overruns.
        var generated = new TaskCompletionSource();
        source.StatusChanged += s => { if (s.IsFinal) generated.TrySetResult(); };
        if (!source.Status.IsFinal)
        {
            await generated.Task.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        }

        var sequences = await DrainAsync(stream);

        var info = stream.GetInfo();
        var overrun = info.DroppedByReason[DropReason.SourceOverrun];
        Assert.True(overrun > 0, "expected the capture buffer to overrun");
        Assert.Equal(Total, info.FramesCaptured);
        Assert.Equal(Total, sequences.SelectMany(s => s.FrameIndices).Distinct().Count() + overrun + info.PendingFrames);
        // The newest frames survived: the last three are in sequences, the very last in one or still pending.
        var delivered = sequences.SelectMany(s => s.FrameIndices).ToHashSet();
        Assert.Superset(new HashSet<long> { Total - 4, Total - 3, Total - 2 }, delivered);
        Assert.True(delivered.Contains(Total - 1) || info.PendingFrames == 1);
        Assert.Equal(overrun, dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], "source_overrun")).Sum(m => m.Value));
        EdgeTestKit.DisposeAll(sequences);
    }

    [Fact]
    public async Task BatchHoldsTheConfiguredNumberOfSequencesInOrder()
    {
        var source = new GeneratorFrameSource(EdgeTestKit.Solid(1, 2, 3, 40), 16, 16, fps: 30, playback: Playback.Unpaced);
        var config = new VideoConfig { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 4, BufferSize = 64, BatchSize = 3 };
        await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory(), new VideoStreamOptions { SequenceBufferSize = 16 });

        stream.StartStreaming();
        var batch = await stream.GetBatchAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);

        Assert.Equal([0, 1, 2], batch.Select(s => s.SequenceNumber));
        Assert.Equal(3, batch.Count);
        EdgeTestKit.DisposeAll(batch);
    }

    [Fact]
    public async Task BatchIsShortWhenTheStreamEndsFirst()
    {
        var source = new GeneratorFrameSource(EdgeTestKit.Solid(1, 2, 3, 8), 16, 16, fps: 30, playback: Playback.Unpaced);
        var config = new VideoConfig { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 4 };
        await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory());

        stream.StartStreaming();
        var batch = await stream.GetBatchAsync(5, EdgeTestKit.Patience, TestContext.Current.CancellationToken);

        Assert.Equal([0, 1], batch.Select(s => s.SequenceNumber));
        Assert.False(stream.IsRunning);
        EdgeTestKit.DisposeAll(batch);
    }

    [Fact]
    public async Task AReaderThatSeesTheEndOfTheSequencesFindsTheStreamStopped()
    {
        // The end of the sequences and IsRunning turning false are two signals a reader may observe in either order
        // unless the stream orders them; one run of a short stream rarely shows a wrong order, so run many.
        var config = new VideoConfig { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 4 };
        for (var run = 0; run < 500; run++)
        {
            var source = new GeneratorFrameSource(EdgeTestKit.Solid(1, 2, 3, 4), 16, 16, fps: 30, playback: Playback.Unpaced);
            await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory());
            stream.StartStreaming();

            var only = await stream.GetSequenceAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
            var end = await stream.GetSequenceAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
            var running = stream.IsRunning;
            var info = stream.GetInfo();

            Assert.NotNull(only);
            only.Dispose();
            Assert.Null(end);
            Assert.False(running, $"run {run}: the stream had ended its sequences but still said it was running");
            Assert.False(info.IsRunning);
            Assert.Equal(SourceState.Ended, info.SourceStatus.State);
        }
    }

    [Fact]
    public async Task SourceStatesAreLoggedWithTheirReasonOnlyWhenTheyHaveOne()
    {
        var logger = new FakeLogger<VideoStream>();
        var source = new GeneratorFrameSource(EdgeTestKit.Solid(1, 2, 3, 4), 16, 16, fps: 30, playback: Playback.Unpaced, name: "pattern");
        var config = new VideoConfig { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 4 };
        await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory(), logger: logger);

        stream.StartStreaming();
        await stream.Completion.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        await stream.StopStreamingAsync();

        var states = logger.Collector.GetSnapshot().Select(record => record.Message).Where(m => m.StartsWith("Source pattern", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            $"Source {source.Description} is Connecting",
            $"Source {source.Description} is Streaming",
            $"Source {source.Description} is Ended: Generator finished after 4 frames.",
        ], states);
    }

    [Fact]
    public async Task GetSequenceReturnsNullWhenTheTimeoutPasses()
    {
        var time = new FakeTimeProvider(TestFrames.Epoch);
        // A paced generator on fake time produces one frame and then waits for the clock.
        var source = new GeneratorFrameSource(EdgeTestKit.Solid(1, 2, 3, 1000), 16, 16, fps: 1, time: time);
        var config = new VideoConfig { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 16 };
        await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory(), time: time);
        stream.StartStreaming();

        var pending = stream.GetSequenceAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await pending.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken));
        Assert.True(stream.IsRunning);
    }

    [Fact]
    public async Task StopStreamingEndsTheSourceAndReleasesBufferedWork()
    {
        var source = new GeneratorFrameSource(EdgeTestKit.Solid(1, 2, 3, long.MaxValue), 16, 16, fps: 30, playback: Playback.Unpaced);
        var config = new VideoConfig { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 2 };
        await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory());
        stream.StartStreaming();
        using (var first = await stream.GetSequenceAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken))
        {
            Assert.NotNull(first);
        }

        await stream.StopStreamingAsync();

        var info = stream.GetInfo();
        Assert.False(info.IsRunning);
        Assert.Equal(SourceState.Ended, info.SourceStatus.State);
        Assert.Equal((0, 64), info.CaptureBuffer);
        Assert.Equal(0, info.SequenceBuffer.Count);
        Assert.True(stream.StartStreaming(), "a stopped stream can start again");
        using var again = await stream.GetSequenceAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        Assert.NotNull(again);
        Assert.Equal(SourceState.Streaming, stream.GetInfo().SourceStatus.State);
    }

    [Fact]
    public async Task InvalidConfigurationIsRejectedNamingTheKey()
    {
        var config = new VideoConfig { SequenceLength = 4, Stride = 8 };
        var source = new GeneratorFrameSource(EdgeTestKit.Solid(0, 0, 0, 1), 16, 16, fps: 30);

        var error = Assert.Throws<ArgumentException>(() => new VideoStream(source, config, EdgeTestKit.NewMeterFactory()));

        Assert.Contains("Stride must", error.Message);
        await source.DisposeAsync();
    }

    /// <summary>Every sequence until the stream finishes; fails if it does not finish in time.</summary>
    internal static async Task<List<AssembledSequence>> DrainAsync(VideoStream stream)
    {
        var sequences = new List<AssembledSequence>();
        while (await stream.GetSequenceAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken) is { } sequence)
        {
            sequences.Add(sequence);
        }

        await stream.Completion.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        return sequences;
    }
}
