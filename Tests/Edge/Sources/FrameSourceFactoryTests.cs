using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Sources.Ffmpeg;

namespace EdgeVision.Tests.Edge.Sources;

public sealed class FrameSourceFactoryTests
{
    [Theory]
    [InlineData("webcam", FrameSourceKind.Webcam, "/dev/video0")]
    [InlineData("WEBCAM:2", FrameSourceKind.Webcam, "/dev/video2")]
    [InlineData("/dev/video3", FrameSourceKind.Webcam, "/dev/video3")]
    [InlineData("rtsp://10.0.0.5:554/stream1", FrameSourceKind.Network, "rtsp://10.0.0.5:554/stream1")]
    [InlineData("rtsps://cam.local/live", FrameSourceKind.Network, "rtsps://cam.local/live")]
    [InlineData(" http://cam.local/mjpeg ", FrameSourceKind.Network, "http://cam.local/mjpeg")]
    [InlineData("https://cdn.example/live.m3u8", FrameSourceKind.Network, "https://cdn.example/live.m3u8")]
    [InlineData("synthetic", FrameSourceKind.Synthetic, "synthetic")]
    [InlineData("synthetic:seed=4,class=flicker", FrameSourceKind.Synthetic, "synthetic:seed=4,class=flicker")]
    public void ParsesEveryDocumentedForm(string source, FrameSourceKind kind, string target) =>
        Assert.Equal(new FrameSourceSpec(kind, target), FrameSourceSpec.Parse(source));

    [Fact]
    public void AnExistingPathIsAFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.Equal(new FrameSourceSpec(FrameSourceKind.File, path), FrameSourceSpec.Parse(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("webcam:x", "no device number")]
    [InlineData("ftp://cam/x", "unsupported scheme 'ftp'")]
    [InlineData("rtsp://", "not a valid URL")]
    [InlineData("/no/such/video.mp4", "not an existing file")]
    [InlineData("webcma", "not an existing file")]
    public void RejectsAnythingElseListingTheValidForms(string source, string why)
    {
        var error = Assert.Throws<FrameSourceException>(() => FrameSourceSpec.Parse(source));

        Assert.Contains(why, error.Message);
        Assert.Contains("webcam:N", error.Message);
        Assert.Contains("rtsp://", error.Message);
        Assert.Contains("path of an existing video file", error.Message);
    }

    [Fact]
    public async Task CreatesOpenCvFileSourcesAndFfmpegStreamAndWebcamSources()
    {
        var path = Path.GetTempFileName();
        var factory = new FrameSourceFactory();
        try
        {
            await using var file = factory.Create(path);
            await using var stream = factory.Create("rtsp://cam.local/live");
            await using var webcam = factory.Create("webcam:1");

            Assert.IsType<FileFrameSource>(file);
            Assert.Equal("ffmpeg Network rtsp://cam.local/live", stream.Description);
            Assert.Equal("ffmpeg Webcam /dev/video1", webcam.Description);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SyntheticBuildsTheSceneCameraWithItsSettings()
    {
        await using var source = new FrameSourceFactory().Create("synthetic:class=grow,width=64,height=48");

        var synthetic = Assert.IsType<SyntheticFrameSource>(source);
        Assert.Equal(new SyntheticSourceSettings { Action = EdgeVision.Synthetic.ActionClass.Grow, Width = 64, Height = 48 }, synthetic.Settings);
    }

    // No V4L2 on these machines: the webcam path is checked through its seams (parsing, arguments, missing device).
    [Fact]
    public async Task MissingWebcamDeviceFailsClearlyWithoutStartingFfmpeg()
    {
        using var fake = new Ffmpeg.FakeFfmpeg(bytes: 0, exitCode: 0);
        var options = new FrameSourceOptions { Ffmpeg = new FfmpegSourceOptions { FfmpegPath = fake.Path } };
        await using var webcam = new FrameSourceFactory().Create("webcam:9", options);

        var frames = await EdgeTestKit.ReadAllAsync(webcam);

        Assert.Empty(frames);
        Assert.Equal(SourceState.Failed, webcam.Status.State);
        Assert.Contains("'/dev/video9' does not exist", webcam.Status.Reason);
        Assert.Empty(fake.Pids);
    }
}
