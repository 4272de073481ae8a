using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Tests.Edge.Sources;

public sealed class FileFrameSourceTests(TestVideos videos) : IClassFixture<TestVideos>
{
    public static TheoryData<string, int, int> Formats => new()
    {
        { "h264.mp4", 64, 48 },
        { "mjpeg.avi", 64, 48 },
        { "h264.mkv", 64, 48 },
        { "odd-65x47.mp4", 65, 47 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ReadsEveryFrameWithItsSizeAndRateThenEnds(string name, int width, int height)
    {
        var source = new FileFrameSource(Path.Combine(videos.Directory, name), Playback.Unpaced);

        var frames = await EdgeTestKit.ReadAllAsync(source);

        try
        {
            Assert.Equal(TestVideos.Frames, frames.Count);
            Assert.Equal(Enumerable.Range(0, TestVideos.Frames).Select(i => (long)i), frames.Select(f => f.Index));
            Assert.All(frames, f => Assert.Equal((width, height, PixelOrder.Bgr), (f.Width, f.Height, f.Order)));
            Assert.Equal(SourceState.Ended, source.Status.State);
            Assert.Equal((width, height), source.FrameSize);
            Assert.Equal(TestVideos.Fps, source.SourceFps!.Value, 3);
            // Media time follows the 10 fps timeline, which is what fps limiting samples on.
            Assert.InRange(frames[^1].MediaTime!.Value.TotalSeconds, 1.899, 1.901);
        }
        finally
        {
            EdgeTestKit.DisposeAll(frames);
        }
    }

    [Fact]
    public async Task DecodesTheTestPatternsColoursInBgrOrder()
    {
        // testsrc's top-left quarter is a colour bar; the first bar is white-ish and the frame is not blank.
        var frames = await EdgeTestKit.ReadAllAsync(new FileFrameSource(videos.AviMjpeg, Playback.Unpaced));
        try
        {
            var pixels = frames[0].Pixels;
            Assert.True(pixels.ToArray().Distinct().Count() > 16, "decoded frame is flat");
            Assert.Equal(64 * 48 * 3, frames[0].Length);
        }
        finally
        {
            EdgeTestKit.DisposeAll(frames);
        }
    }

    [Fact]
    public async Task MissingFileFailsWithItsPath()
    {
        var path = Path.Combine(videos.Directory, "nope.mp4");
        var source = new FileFrameSource(path);

        var frames = await EdgeTestKit.ReadAllAsync(source);

        Assert.Empty(frames);
        Assert.Equal(SourceState.Failed, source.Status.State);
        Assert.Contains(path, source.Status.Reason);
        Assert.Contains("does not exist", source.Status.Reason);
    }

    [Fact]
    public async Task FileThatIsNotVideoFailsSayingSo()
    {
        var source = new FileFrameSource(videos.NotVideo);

        var frames = await EdgeTestKit.ReadAllAsync(source);

        Assert.Empty(frames);
        Assert.Equal(SourceState.Failed, source.Status.State);
        Assert.Contains(videos.NotVideo, source.Status.Reason);
        Assert.Contains("not a video", source.Status.Reason);
    }

    [Theory]
    [InlineData("truncated.avi", "truncated")]
    [InlineData("truncated.mp4", "not a video")]
    public async Task TruncatedFileFailsInsteadOfEndingQuietly(string name, string expected)
    {
        var path = Path.Combine(videos.Directory, name);
        var source = new FileFrameSource(path, Playback.Unpaced);

        var frames = await EdgeTestKit.ReadAllAsync(source);
        EdgeTestKit.DisposeAll(frames);

        Assert.Equal(SourceState.Failed, source.Status.State);
        Assert.Contains(path, source.Status.Reason);
        Assert.Contains(expected, source.Status.Reason);
        Assert.True(frames.Count < TestVideos.Frames);
    }

    [Fact]
    public async Task LoopingReplaysTheFileWithIncreasingIndicesAndMediaTime()
    {
        var source = new FileFrameSource(videos.Mkv, Playback.Unpaced, loop: true);
        var channel = System.Threading.Channels.Channel.CreateUnbounded<Frame>();
        using var cts = new CancellationTokenSource(EdgeTestKit.Patience);
        var frames = new List<Frame>();
        var run = source.RunAsync(channel.Writer, cts.Token);

        await foreach (var frame in channel.Reader.ReadAllAsync(cts.Token))
        {
            frames.Add(frame);
            if (frames.Count == TestVideos.Frames * 2 + 5)
            {
                break;
            }
        }

        await cts.CancelAsync();
        await run;
        try
        {
            Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (long)i), frames.Select(f => f.Index));
            Assert.All(frames.Zip(frames.Skip(1)), pair => Assert.True(pair.Second.MediaTime > pair.First.MediaTime));
            Assert.Equal(SourceState.Ended, source.Status.State);
        }
        finally
        {
            EdgeTestKit.DisposeAll(frames);
        }
    }
}
