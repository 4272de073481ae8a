using System.Diagnostics;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Sources.Ffmpeg;
using EdgeVision.Edge.Streaming;

namespace EdgeVision.Tests.Edge.Streaming;

/// <summary>
/// Decode + resize to 224x224 + RGB + assembly of a 640x480 H.264 file, unpaced, through both source paths.
/// Prints frames/s; fails only below real time (30 fps), which would make a single camera unserviceable.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public sealed class PreprocessingThroughputTests : IAsyncLifetime
{
    private const int Frames = 150;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"edgevision-bench-{Guid.NewGuid():N}.mp4");

    public async ValueTask InitializeAsync() =>
        await TestVideos.FfmpegAsync($"-f lavfi -i testsrc2=size=640x480:rate=30 -frames:v {Frames} -c:v libx264 -preset ultrafast -pix_fmt yuv420p {_path}");

    public ValueTask DisposeAsync()
    {
        File.Delete(_path);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task OpenCvFileSourceKeepsAboveRealTimeAt224()
    {
        var fps = await MeasureAsync(new FileFrameSource(_path, Playback.Unpaced));

        Assert.True(fps > 30, $"{fps:0} frames/s");
    }

    [Fact]
    public async Task FfmpegProcessSourceKeepsAboveRealTimeAt224()
    {
        var fps = await MeasureAsync(new FfmpegFrameSource(FfmpegInput.File(_path)));

        Assert.True(fps > 30, $"{fps:0} frames/s");
    }

    [Fact]
    public async Task FfmpegProcessScalingItselfKeepsAboveRealTimeAt224()
    {
        // ffmpeg scales before the pipe: 150 KB per frame through it instead of 900 KB.
        var fps = await MeasureAsync(new FfmpegFrameSource(FfmpegInput.File(_path), new FfmpegSourceOptions { Width = 224, Height = 224 }));

        Assert.True(fps > 30, $"{fps:0} frames/s");
    }

    private static async Task<double> MeasureAsync(IFrameSource source)
    {
        // A buffer as long as the file: the measurement is throughput, not drop behaviour.
        var config = new VideoConfig { TargetWidth = 224, TargetHeight = 224, Fps = null, SequenceLength = 16, BufferSize = Frames };
        await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory(), new VideoStreamOptions { SequenceBufferSize = 16 });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var gen2 = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        stream.StartStreaming();
        var sequences = await VideoStreamTests.DrainAsync(stream);
        clock.Stop();
        var perFrame = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / Frames;
        gen2 = GC.CollectionCount(2) - gen2;

        var info = stream.GetInfo();
        Assert.Equal(Frames, info.FramesCaptured);
        Assert.Equal(Frames, sequences.Count * 16 + info.PendingFrames);
        EdgeTestKit.DisposeAll(sequences);
        var fps = Frames / clock.Elapsed.TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine($"{source.Description}: {Frames} frames 640x480 -> 224x224 RGB in {clock.Elapsed.TotalMilliseconds:0} ms = {fps:0} frames/s; {perFrame} bytes allocated per frame (one 640x480 BGR frame is 921600), {gen2} gen2 GCs");
        return fps;
    }
}
