using System.Threading.Channels;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources.Ffmpeg;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Tests.Edge.Sources.Ffmpeg;

public sealed class FfmpegFrameSourceTests(TestVideos videos) : IClassFixture<TestVideos>
{
    private const int Width = 16, Height = 8, FrameBytes = Width * Height * 3;

    private static readonly FfmpegSourceOptions Fast = new()
    {
        Width = Width,
        Height = Height,
        FrameTimeout = TimeSpan.FromMilliseconds(400),
        OpenTimeout = TimeSpan.FromMilliseconds(100),
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(40),
        ReconnectAttempts = 2,
    };

    [Theory]
    [InlineData("h264.mp4", 64, 48)]
    [InlineData("odd-65x47.mp4", 65, 47)]
    public async Task ReadsAFileThroughTheFfmpegProcessWithAProbedSize(string name, int width, int height)
    {
        await using var source = new FfmpegFrameSource(FfmpegInput.File(Path.Combine(videos.Directory, name)));

        var frames = await EdgeTestKit.ReadAllAsync(source);

        try
        {
            Assert.Equal(TestVideos.Frames, frames.Count);
            Assert.All(frames, f => Assert.Equal((width, height, PixelOrder.Bgr), (f.Width, f.Height, f.Order)));
            Assert.Equal(Enumerable.Range(0, TestVideos.Frames).Select(i => (long)i), frames.Select(f => f.Index));
            Assert.Equal(SourceState.Ended, source.Status.State);
            Assert.Equal(TestVideos.Fps, source.SourceFps);
            Assert.Equal(1, source.ProcessStarts);
        }
        finally
        {
            EdgeTestKit.DisposeAll(frames);
        }
    }

    [Fact]
    public async Task FfmpegScalesToTheConfiguredSizeWithoutProbing()
    {
        var options = new FfmpegSourceOptions { Width = 32, Height = 24, FfprobePath = "/nonexistent/ffprobe" };
        await using var source = new FfmpegFrameSource(FfmpegInput.File(videos.Mkv), options);

        var frames = await EdgeTestKit.ReadAllAsync(source);

        Assert.Equal(TestVideos.Frames, frames.Count);
        Assert.All(frames, f => Assert.Equal((32, 24), (f.Width, f.Height)));
        EdgeTestKit.DisposeAll(frames);
    }

    [Fact]
    public async Task FileThatIsNotVideoFailsWithFfprobesReason()
    {
        await using var source = new FfmpegFrameSource(FfmpegInput.File(videos.NotVideo), Fast with { Width = null, Height = null });

        var frames = await EdgeTestKit.ReadAllAsync(source);

        Assert.Empty(frames);
        Assert.Equal(SourceState.Failed, source.Status.State);
        Assert.Contains(videos.NotVideo, source.Status.Reason);
        Assert.Contains("Invalid data", source.Status.Reason);
    }

    [Fact]
    public async Task WatchdogRestartsFfmpegWhenFramesStopAndKillsTheStalledProcess()
    {
        using var fake = new FakeFfmpeg(bytes: 2 * FrameBytes, exitCode: null);
        await using var source = new FfmpegFrameSource(FfmpegInput.Network("rtsp://127.0.0.1:1/cam"), Fast with { FfmpegPath = fake.Path });
        var channel = Channel.CreateUnbounded<Frame>();
        var reconnecting = 0;
        source.StatusChanged += s => { if (s.State == SourceState.Reconnecting) Interlocked.Increment(ref reconnecting); };
        using var stop = new CancellationTokenSource(EdgeTestKit.Patience);
        var run = source.RunAsync(channel.Writer, stop.Token);

        // Two frames per start: the seventh frame comes from a third ffmpeg, after two watchdog kills.
        var frames = new List<Frame>();
        await foreach (var frame in channel.Reader.ReadAllAsync(stop.Token))
        {
            frames.Add(frame);
            if (frames.Count == 7)
            {
                break;
            }
        }

        var pids = fake.Pids;
        Assert.True(pids.Count >= 4, $"expected four starts, saw {pids.Count}");
        Assert.All(pids.Take(3), pid => Assert.False(FakeFfmpeg.IsAlive(pid), $"stalled ffmpeg {pid} still running"));
        Assert.True(Volatile.Read(ref reconnecting) >= 3);
        // Frames already delivered reset the attempt count: a flapping camera is retried, not given up on.
        Assert.NotEqual(SourceState.Failed, source.Status.State);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), frames.Select(f => f.Index));
        await stop.CancelAsync();
        await run;
        EdgeTestKit.DisposeAll(frames);
    }

    [Fact]
    public async Task AFrozenFfmpegIsKilledByTheWatchdogAndReconnectingBegins()
    {
        // The frame writer itself is frozen mid-stream, with far more frames still to send.
        using var fake = new FakeFfmpeg(bytes: 1_000_000 * FrameBytes, exitCode: null, writerIsProcess: true);
        await using var source = new FfmpegFrameSource(FfmpegInput.Network("rtsp://127.0.0.1:1/cam"), Fast with { FfmpegPath = fake.Path });
        var channel = Channel.CreateBounded<Frame>(1);
        var reconnecting = new TaskCompletionSource<SourceStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.StatusChanged += s => { if (s.State == SourceState.Reconnecting) reconnecting.TrySetResult(s); };
        using var stop = new CancellationTokenSource(EdgeTestKit.Patience);
        var run = source.RunAsync(channel.Writer, stop.Token);
        (await channel.Reader.ReadAsync(stop.Token)).Dispose();
        var frozen = source.ProcessId ?? throw new InvalidOperationException("no ffmpeg running after a frame");
        Assert.Equal(frozen, fake.Pids[0]);

        using (var kill = System.Diagnostics.Process.Start("kill", ["-STOP", frozen.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(stop.Token);
        }

        // Keep draining so the pipe, not the channel, is what stalls.
        var drain = Task.Run(async () => { await foreach (var f in channel.Reader.ReadAllAsync(stop.Token)) { f.Dispose(); } }, stop.Token);
        var status = await reconnecting.Task.WaitAsync(stop.Token);

        Assert.Contains("watchdog", status.Reason);
        Assert.False(FakeFfmpeg.IsAlive(frozen), $"frozen ffmpeg {frozen} still there");
        await stop.CancelAsync();
        await run;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain);
    }

    [Fact]
    public async Task ReconnectAttemptsRunOutIntoFailedWithTheExitCodeAndStderr()
    {
        using var fake = new FakeFfmpeg(bytes: 0, exitCode: 1, stderr: "Connection refused");
        await using var source = new FfmpegFrameSource(FfmpegInput.Network("rtsp://user:secret@127.0.0.1:1/cam"), Fast with { FfmpegPath = fake.Path });
        var attempts = new List<int>();
        source.StatusChanged += s => { if (s.State == SourceState.Reconnecting) attempts.Add(s.Attempt); };

        var frames = await EdgeTestKit.ReadAllAsync(source);

        Assert.Empty(frames);
        Assert.Equal(SourceState.Failed, source.Status.State);
        Assert.Equal([1, 2], attempts);
        Assert.Equal(3, fake.Pids.Count);
        Assert.Contains("gave up after 2 reconnect attempts", source.Status.Reason);
        Assert.Contains("exited with code 1", source.Status.Reason);
        Assert.Contains("Connection refused", source.Status.Reason);
        Assert.DoesNotContain("secret", source.Status.Reason);
    }

    [Fact]
    public async Task AStreamThatNeverSendsAWholeFrameFailsThroughTheWatchdog()
    {
        using var fake = new FakeFfmpeg(bytes: FrameBytes / 2, exitCode: null);
        await using var source = new FfmpegFrameSource(FfmpegInput.Network("http://127.0.0.1:1/mjpeg"), Fast with { FfmpegPath = fake.Path, ReconnectAttempts = 1 });

        var frames = await EdgeTestKit.ReadAllAsync(source);

        Assert.Empty(frames);
        Assert.Equal(SourceState.Failed, source.Status.State);
        Assert.Contains("watchdog", source.Status.Reason);
        Assert.Equal(2, fake.Pids.Count);
        Assert.All(fake.Pids, pid => Assert.False(FakeFfmpeg.IsAlive(pid)));
    }

    [Fact]
    public async Task DisposeKillsTheRunningFfmpeg()
    {
        using var fake = new FakeFfmpeg(bytes: FrameBytes, exitCode: null);
        var source = new FfmpegFrameSource(FfmpegInput.Network("rtsp://127.0.0.1:1/cam"), Fast with { FfmpegPath = fake.Path, FrameTimeout = TimeSpan.FromMinutes(1) });
        var channel = Channel.CreateUnbounded<Frame>();
        var run = source.RunAsync(channel.Writer, TestContext.Current.CancellationToken);
        using var first = await channel.Reader.ReadAsync(TestContext.Current.CancellationToken);
        var pid = source.ProcessId ?? throw new InvalidOperationException("no ffmpeg running after a frame");
        Assert.True(FakeFfmpeg.IsAlive(pid));

        await source.DisposeAsync();

        Assert.False(FakeFfmpeg.IsAlive(pid), $"ffmpeg {pid} survived dispose");
        Assert.Null(source.ProcessId);
        await run.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        Assert.Equal(SourceState.Ended, source.Status.State);
    }

    [Fact]
    public async Task MissingFfmpegExecutableFailsSayingHowToFixIt()
    {
        await using var source = new FfmpegFrameSource(FfmpegInput.Network("rtsp://127.0.0.1:1/cam"), Fast with { FfmpegPath = "/nonexistent/ffmpeg" });

        await EdgeTestKit.ReadAllAsync(source);

        Assert.Equal(SourceState.Failed, source.Status.State);
        Assert.Contains("/nonexistent/ffmpeg", source.Status.Reason);
        Assert.Contains("apt-get install ffmpeg", source.Status.Reason);
    }
}
