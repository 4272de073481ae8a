using EdgeVision.Contracts.Configuration;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Sources.Ffmpeg;
using EdgeVision.Edge.Streaming;
using EdgeVision.Tests.Fixtures;

namespace EdgeVision.Tests.Edge.Sources.Rtsp;

/// <summary>The agent's capture half (<see cref="VideoStream"/>) over a real RTSP camera that goes away and comes back.</summary>
[Trait("Category", "EndToEnd")]
public sealed class RtspVideoStreamTests
{
    [Fact]
    public async Task SequencesResumeAfterTheCameraRestartsWithNoSequenceNumberSkipped()
    {
        var server = await RtspServer.StartAsync();
        var sequences = new List<AssembledSequence>();
        try
        {
            var source = new FfmpegFrameSource(FfmpegInput.Network(server.Url), RtspTiming.Options);
            var config = new VideoConfig { TargetWidth = 32, TargetHeight = 32, Fps = null, SequenceLength = 4 };
            await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory(), new VideoStreamOptions { SequenceBufferSize = 64 });
            stream.StartStreaming();
            sequences.Add(await stream.GetSequenceAsync(RtspTiming.FirstFrame, TestContext.Current.CancellationToken)
                ?? throw new InvalidOperationException($"no sequence from {server.Url}: {stream.GetInfo().SourceStatus}"));

            server = await server.RestartAsync();
            var restarted = TimeProvider.System.GetUtcNow();
            while (sequences[^1].CaptureTimes[0] <= restarted)
            {
                sequences.Add(await stream.GetSequenceAsync(RtspTiming.Reconnect, TestContext.Current.CancellationToken)
                    ?? throw new InvalidOperationException($"no sequence within {RtspTiming.Reconnect} of the restart: {stream.GetInfo().SourceStatus}"));
            }

            var info = stream.GetInfo();
            Assert.True(stream.IsRunning);
            Assert.Equal(SourceState.Streaming, info.SourceStatus.State);
            Assert.True(source.ProcessStarts >= 2, $"ffmpeg started {source.ProcessStarts} times");
            Assert.All(sequences, s => Assert.Equal((32, 32, server.Width, server.Height), (s.Width, s.Height, s.SourceWidth, s.SourceHeight)));
            // Sequence numbers run on without a gap and frame indices keep increasing across the outage.
            Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => (long)i), sequences.Select(s => s.SequenceNumber));
            var indices = sequences.SelectMany(s => s.FrameIndices).ToList();
            Assert.All(indices.Zip(indices.Skip(1)), pair => Assert.True(pair.Second > pair.First));
        }
        finally
        {
            EdgeTestKit.DisposeAll(sequences);
            await server.DisposeAsync();
        }
    }
}
