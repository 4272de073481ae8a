using System.Threading.Channels;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Sources.Ffmpeg;
using EdgeVision.Tests.Edge.Sources.Ffmpeg;

namespace EdgeVision.Tests.Edge.Sources;

/// <summary>
/// Every source says <see cref="SourceState.Streaming"/> before it hands over a frame: whoever reads a frame and then
/// asks the source's state must never hear that it is still connecting (or reconnecting).
/// </summary>
public sealed class StateBeforeFrameTests(TestVideos videos) : IClassFixture<TestVideos>
{
    private const int Width = 16, Height = 8;

    [Fact]
    public async Task AFileSourceIsStreamingWhenItWritesEachFrame()
    {
        var source = new FileFrameSource(videos.Mp4H264, Playback.Unpaced);

        var states = await StatesAtEachWriteAsync(source, frames: TestVideos.Frames);

        Assert.Equal(Enumerable.Repeat(SourceState.Streaming, TestVideos.Frames), states);
    }

    [Fact]
    public async Task AGeneratorSourceIsStreamingWhenItWritesEachFrame()
    {
        var source = new GeneratorFrameSource(EdgeTestKit.Solid(1, 2, 3, 5), Width, Height, fps: 30, playback: Playback.Unpaced);

        var states = await StatesAtEachWriteAsync(source, frames: 5);

        Assert.Equal(Enumerable.Repeat(SourceState.Streaming, 5), states);
    }

    [Fact]
    public async Task TheSyntheticSourceIsStreamingWhenItWritesEachFrame()
    {
        var source = new SyntheticFrameSource(new SyntheticSourceSettings { Width = 16, Height = 16 }, Playback.Unpaced);

        var states = await StatesAtEachWriteAsync(source, frames: 3);

        Assert.Equal(Enumerable.Repeat(SourceState.Streaming, 3), states);
    }

    [Fact]
    public async Task AnFfmpegSourceIsStreamingWhenItWritesEachFrameOfAFile()
    {
        await using var source = new FfmpegFrameSource(FfmpegInput.File(videos.Mp4H264));

        var states = await StatesAtEachWriteAsync(source, frames: TestVideos.Frames);

        Assert.Equal(Enumerable.Repeat(SourceState.Streaming, TestVideos.Frames), states);
    }

    [Fact]
    public async Task AnFfmpegSourceIsStreamingAgainBeforeItWritesTheFirstFrameAfterAReconnect()
    {
        // Two frames per ffmpeg start, then ffmpeg fails: every second frame comes from a restarted process.
        using var fake = new FakeFfmpeg(bytes: 2 * Width * Height * 3, exitCode: 1);
        await using var source = new FfmpegFrameSource(FfmpegInput.Network("rtsp://127.0.0.1:1/cam"), new FfmpegSourceOptions
        {
            FfmpegPath = fake.Path,
            Width = Width,
            Height = Height,
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(20),
            ReconnectAttempts = 3,
        });

        var states = await StatesAtEachWriteAsync(source, frames: 6);

        Assert.Equal(Enumerable.Repeat(SourceState.Streaming, 6), states);
    }

    /// <summary>Runs <paramref name="source"/> until it has written <paramref name="frames"/> frames (or ended) and returns its state at each write.</summary>
    private static async Task<List<SourceState>> StatesAtEachWriteAsync(IFrameSource source, int frames)
    {
        using var stop = new CancellationTokenSource();
        var writer = new StateRecordingWriter(source, frames, stop);
        try
        {
            await source.RunAsync(writer, stop.Token).WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped after the last frame the test wanted.
        }

        Assert.Equal(frames, writer.States.Count);
        return writer.States;
    }

    /// <summary>Takes each frame the moment the source writes it, noting the source's state then, and stops the source after enough.</summary>
    private sealed class StateRecordingWriter(IFrameSource source, int frames, CancellationTokenSource stop) : ChannelWriter<Frame>
    {
        public List<SourceState> States { get; } = [];

        public override bool TryWrite(Frame item)
        {
            States.Add(source.Status.State);
            item.Dispose();
            if (States.Count == frames)
            {
                stop.Cancel();
            }

            return true;
        }

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
            cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<bool>(cancellationToken) : new(true);
    }
}
