using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources.Ffmpeg;
using EdgeVision.Edge.Sources;
using EdgeVision.Tests.Edge.Sources.Rtsp;

namespace EdgeVision.Tests.Edge.Sources.Http;

/// <summary>The ffmpeg source against a real HTTP MJPEG camera on loopback: read end to end, then the camera gone for good.</summary>
[Trait("Category", "EndToEnd")]
public sealed class HttpFrameSourceTests
{
    [Fact]
    public async Task ReadsAnHttpMjpegCameraThenFailsClearlyOnceItIsGoneForGood()
    {
        await using var server = await MjpegHttpServer.StartAsync();
        await using var source = new FfmpegFrameSource(FfmpegInput.Network(server.Url), RtspTiming.Options with { ReconnectAttempts = 2 });
        await using var running = new RunningSource(source);

        var frames = new List<Frame>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                frames.Add(await running.NextFrameAsync(RtspTiming.FirstFrame));
            }

            Assert.Equal(SourceState.Streaming, source.Status.State);
            Assert.All(frames, f => Assert.Equal((MjpegHttpServer.Width, MjpegHttpServer.Height, PixelOrder.Bgr), (f.Width, f.Height, f.Order)));
            Assert.True(frames[0].Pixels.ToArray().Distinct().Count() > 16, "decoded frame is flat");
            // testsrc's counter and moving gradient change every frame.
            Assert.False(frames[0].Pixels.SequenceEqual(frames[4].Pixels));
        }
        finally
        {
            EdgeTestKit.DisposeAll(frames);
        }

        await server.KillAsync();
        await running.Completion.WaitAsync(RtspTiming.Reconnect, TestContext.Current.CancellationToken);

        Assert.Equal(SourceState.Failed, source.Status.State);
        Assert.Contains($"{server.Url}: gave up after 2 reconnect attempts", source.Status.Reason);
        Assert.Contains("Connection refused", source.Status.Reason);
    }
}
