using System.Diagnostics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources.Ffmpeg;
using EdgeVision.Edge.Sources;
using EdgeVision.Tests.Fixtures;

namespace EdgeVision.Tests.Edge.Sources.Rtsp;

/// <summary>
/// The ffmpeg source against a real RTSP camera on loopback (gst-rtsp-server, H.264): read end to end, the
/// server killed and restarted, frozen with SIGSTOP, gone for good. Each test starts its own server.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class RtspFrameSourceTests
{
    private static readonly FfmpegSourceOptions Options = RtspTiming.Options;

    [Theory]
    [InlineData(true, "RTP/AVP/TCP")]
    [InlineData(false, "RTP/AVP/UDP")]
    public async Task ReadsALiveRtspCameraEndToEndOverTheChosenTransport(bool overTcp, string transport)
    {
        await using var server = await RtspServer.StartAsync();
        await using var source = new FfmpegFrameSource(FfmpegInput.Network(server.Url), Options with { RtspOverTcp = overTcp });
        await using var running = new RunningSource(source);

        var frames = new List<Frame>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                frames.Add(await running.NextFrameAsync(RtspTiming.FirstFrame));
            }

            Assert.Equal(SourceState.Streaming, source.Status.State);
            Assert.Equal((server.Width, server.Height), source.FrameSize);
            Assert.Equal(server.Fps, source.SourceFps!.Value, 3);
            Assert.All(frames, f => Assert.Equal((server.Width, server.Height, PixelOrder.Bgr, (TimeSpan?)null), (f.Width, f.Height, f.Order, f.MediaTime)));
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), frames.Select(f => f.Index));
            // videotestsrc's bouncing ball: a real picture, and one that moves.
            Assert.True(frames[0].Pixels.ToArray().Distinct().Count() > 2, "decoded frame is flat");
            Assert.False(frames[0].Pixels.SequenceEqual(frames[9].Pixels), "the stream does not move");
            // What the server was asked for, not what we meant to ask for: ffprobe's SETUP and ffmpeg's.
            Assert.NotEmpty(server.Setups);
            Assert.All(server.Setups, setup => Assert.StartsWith(transport, setup));
            Assert.Equal(1, source.ProcessStarts);
        }
        finally
        {
            EdgeTestKit.DisposeAll(frames);
        }
    }

    [Fact]
    public async Task ReconnectsAndResumesWhenTheServerIsKilledAndStartedAgainOnItsPort()
    {
        var server = await RtspServer.StartAsync();
        try
        {
            await using var source = new FfmpegFrameSource(FfmpegInput.Network(server.Url), Options);
            await using var running = new RunningSource(source);
            using (var before = await running.NextFrameAsync(RtspTiming.FirstFrame))
            {
                Assert.Equal(SourceState.Streaming, source.Status.State);
            }

            await server.KillAsync();
            var lost = await running.WaitForAsync(SourceState.Reconnecting, RtspTiming.StallNoticed);
            Assert.Contains(server.Url, lost.Reason);

            server = await server.RestartAsync();
            var clock = Stopwatch.StartNew();
            await running.WaitForAsync(SourceState.Streaming, RtspTiming.Reconnect);
            running.Discard();
            using var after = await running.NextFrameAsync(RtspTiming.Reconnect);

            Assert.True(clock.Elapsed < RtspTiming.Reconnect, $"resumed {clock.Elapsed} after the server came back");
            Assert.Equal((server.Width, server.Height), (after.Width, after.Height));
            Assert.True(source.ProcessStarts >= 2, $"ffmpeg started {source.ProcessStarts} times");
            Assert.Equal([SourceState.Connecting, SourceState.Streaming, SourceState.Reconnecting], running.History.Select(s => s.State).Distinct().Take(3));
            Assert.Equal(SourceState.Streaming, running.History[^1].State);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AFrozenServerNeverHangsTheSourceAndStoppingReturnsPromptly()
    {
        await using var server = await RtspServer.StartAsync();
        await using var source = new FfmpegFrameSource(FfmpegInput.Network(server.Url), Options);
        var running = new RunningSource(source);
        try
        {
            (await running.NextFrameAsync(RtspTiming.FirstFrame)).Dispose();

            await server.FreezeAsync();
            // The server holds its sockets open and sends nothing: ffmpeg's socket timeout or the watchdog ends the run.
            var stalled = await running.WaitForAsync(SourceState.Reconnecting, RtspTiming.StallNoticed);
            Assert.Contains(server.Url, stalled.Reason);

            // Still frozen: the next attempt is stuck connecting, yet stopping returns within seconds.
            var took = await running.StopAsync(RtspTiming.Stop);
            Assert.Equal(SourceState.Ended, source.Status.State);
            Assert.True(took < RtspTiming.Stop, $"stopping took {took}");
            Assert.Null(source.ProcessId);
        }
        finally
        {
            await server.ThawAsync();
            await running.DisposeAsync();
        }
    }

    [Fact]
    public async Task AThawedServerIsStreamedAgain()
    {
        await using var server = await RtspServer.StartAsync();
        await using var source = new FfmpegFrameSource(FfmpegInput.Network(server.Url), Options);
        await using var running = new RunningSource(source);
        (await running.NextFrameAsync(RtspTiming.FirstFrame)).Dispose();

        await server.FreezeAsync();
        await running.WaitForAsync(SourceState.Reconnecting, RtspTiming.StallNoticed);
        await server.ThawAsync();
        await running.WaitForAsync(SourceState.Streaming, RtspTiming.Reconnect);
        running.Discard();
        using var frame = await running.NextFrameAsync(RtspTiming.Reconnect);

        Assert.Equal((server.Width, server.Height), (frame.Width, frame.Height));
        Assert.True(source.ProcessStarts >= 2);
    }

    [Fact]
    public async Task ReconnectAttemptsRunOutIntoFailedNamingTheStreamAndTheCause()
    {
        var server = await RtspServer.StartAsync();
        await using var source = new FfmpegFrameSource(FfmpegInput.Network(server.Url), Options with { ReconnectAttempts = 2 });
        await using var running = new RunningSource(source);
        (await running.NextFrameAsync(RtspTiming.FirstFrame)).Dispose();

        await server.DisposeAsync();
        await running.Completion.WaitAsync(RtspTiming.Reconnect, TestContext.Current.CancellationToken);

        Assert.Equal(SourceState.Failed, source.Status.State);
        Assert.Contains("gave up after 2 reconnect attempts", source.Status.Reason);
        Assert.Contains(server.Url, source.Status.Reason);
        Assert.Contains("Connection refused", source.Status.Reason);
        Assert.Equal([1, 2], running.History.Where(s => s.State == SourceState.Reconnecting).Select(s => s.Attempt).Distinct());
    }
}
