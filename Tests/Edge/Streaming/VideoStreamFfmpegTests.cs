using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Sources.Ffmpeg;
using EdgeVision.Edge.Streaming;

namespace EdgeVision.Tests.Edge.Streaming;

public sealed class VideoStreamFfmpegTests(TestVideos videos) : IClassFixture<TestVideos>
{
    [Fact]
    public async Task FileReadThroughFfmpegBecomesSequencesOfTheTargetSize()
    {
        var config = new VideoConfig { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 4, Stride = 4 };
        await using var stream = new VideoStream(new FfmpegFrameSource(FfmpegInput.File(videos.AviMjpeg)), config, EdgeTestKit.NewMeterFactory());

        stream.StartStreaming();
        var sequences = await VideoStreamTests.DrainAsync(stream);

        Assert.Equal(5, sequences.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), sequences.SelectMany(s => s.FrameIndices));
        Assert.All(sequences, s => Assert.Equal((16, 16, 64, 48), (s.Width, s.Height, s.SourceWidth, s.SourceHeight)));
        var info = stream.GetInfo();
        Assert.Equal(SourceState.Ended, info.SourceStatus.State);
        Assert.Equal(20, info.FramesCaptured);
        Assert.Equal(0, info.DroppedByReason.Values.Sum());
        EdgeTestKit.DisposeAll(sequences);
    }

    [Fact]
    public async Task ResolutionChangeOnALiveStreamNeverMixesSizesInASequence()
    {
        var config = new VideoConfig { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 4, Stride = 2, BufferSize = 256 };
        var source = new FileFrameSource(videos.Mkv, Playback.Unpaced, loop: true);
        await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory(), new VideoStreamOptions { SequenceBufferSize = 2 });
        stream.StartStreaming();

        var sequences = new List<AssembledSequence>();
        // Sequences already assembled keep the old size, so read until three new-size ones arrived.
        while (sequences.Count(q => q.Width == 32) < 3 && sequences.Count < 500
            && await stream.GetSequenceAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken) is { } s)
        {
            sequences.Add(s);
            if (sequences.Count == 3)
            {
                stream.UpdateSettings(new StreamSettings(32, 24, null, 0));
            }
        }

        await stream.StopStreamingAsync();
        Assert.All(sequences, s => Assert.All(s.Frames, f => Assert.Equal(s.Width * s.Height * 3, f.Length)));
        var sizes = sequences.Select(s => (s.Width, s.Height)).ToList();
        var firstNew = sizes.IndexOf((32, 24));
        Assert.True(firstNew > 2, "the change applied before it was requested");
        Assert.All(sizes[..firstNew], size => Assert.Equal((16, 16), size));
        Assert.All(sizes[firstNew..], size => Assert.Equal((32, 24), size));
        Assert.Equal(0, stream.GetInfo().DroppedByReason[DropReason.Invalid]);
        EdgeTestKit.DisposeAll(sequences);
    }
}
