using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Sources.Ffmpeg;

namespace EdgeVision.Tests.Edge.Sources;

/// <summary>
/// No webcam exists on these machines (no V4L2 in the kernel), so the webcam source is tested through its seams:
/// the source string, the ffmpeg arguments (FfmpegArgumentsTests), the missing device (FrameSourceFactoryTests),
/// and here the real ffmpeg V4L2 demuxer opening a node that is not a capture device.
/// </summary>
public sealed class WebcamSourceTests
{
    [Theory]
    [InlineData(false, "ffprobe found no video size in /dev/null")]
    [InlineData(true, "ffmpeg exited with code 1 after 0 frames of /dev/null")]
    public async Task ANodeThatIsNotACaptureDeviceFailsWithTheV4l2Error(bool sizeConfigured, string stage)
    {
        var options = new FfmpegSourceOptions { ReconnectAttempts = 0, Width = sizeConfigured ? 64 : null, Height = sizeConfigured ? 48 : null };
        await using var webcam = new FfmpegFrameSource(FfmpegInput.Webcam("/dev/null"), options);

        var frames = await EdgeTestKit.ReadAllAsync(webcam);

        Assert.Empty(frames);
        Assert.Equal(SourceState.Failed, webcam.Status.State);
        Assert.Contains(stage, webcam.Status.Reason);
        // ffmpeg really opened the node as a V4L2 device: the capability query is what failed.
        Assert.Contains("Inappropriate ioctl for device", webcam.Status.Reason);
    }

    [Fact]
    public async Task WebcamSourceStringsBuildV4l2SourcesForTheDevice()
    {
        var factory = new FrameSourceFactory();
        await using var byIndex = factory.Create("webcam:2");
        await using var byPath = factory.Create("/dev/video2");

        Assert.Equal(byIndex.Description, byPath.Description);
        Assert.Equal("ffmpeg Webcam /dev/video2", byPath.Description);
    }
}
