using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;
using EdgeVision.Synthetic;

namespace EdgeVision.Tests.Edge.Streaming;

/// <summary>
/// A synthetic source's ground truth travels with each frame through sampling, resizing and assembly onto the wire;
/// sources without ground truth send none.
/// </summary>
public sealed class GroundTruthThroughTheEdgeTests(TestVideos videos) : IClassFixture<TestVideos>
{
    [Fact]
    public void FrameSkipMakesASequenceSpanTwoActionsAndTheTieGoesToTheLaterOne()
    {
        var scene = new SyntheticScene(64, 48, framesPerAction: 8, seed: 4);
        var instruments = new CaptureInstruments(EdgeTestKit.NewMeterFactory(), "test");
        using var pipeline = new FramePipeline(new StreamSettings(16, 16, null, FrameSkip: 1), sequenceLength: 8, stride: 8, instruments);
        var sequences = new List<AssembledSequence>();
        var pixels = new byte[scene.FrameBytes];

        for (var i = 0; i < 48; i++)
        {
            var truth = scene.Render(i, pixels);
            var frame = Frame.Rent(i, TestFrames.Epoch.AddSeconds(i / 30.0), TimeSpan.FromSeconds(i / 30.0), 64, 48, PixelOrder.Rgb, truth.Action.Name());
            pixels.CopyTo(frame.Pixels);
            if (pipeline.Process(frame) is { } sequence)
            {
                sequences.Add(sequence);
            }
        }

        try
        {
            // Skip 1: eight kept frames span fifteen of the scene's, four of one action and four of the next.
            Assert.Equal([[0, 2, 4, 6, 8, 10, 12, 14], [16, 18, 20, 22, 24, 26, 28, 30], [32, 34, 36, 38, 40, 42, 44, 46]],
                sequences.Select(s => s.FrameIndices.ToArray()));
            Assert.All(sequences, s =>
            {
                Assert.Equal(s.FrameIndices.Select(i => scene.Describe(i).Action.Name()), s.FrameLabels);
                Assert.Equal((16, 16), (s.Width, s.Height));
                Assert.Equal(scene.Describe(s.FrameIndices[^1]).Action.Name(), s.TrueLabel);
            });
            Assert.NotEqual(scene.Describe(0).Action, scene.Describe(14).Action);
        }
        finally
        {
            EdgeTestKit.DisposeAll(sequences);
        }
    }

    [Fact]
    public async Task TheSyntheticCamerasLabelsReachTheWireOnePerFrame()
    {
        var settings = new SyntheticSourceSettings { Seed = 9, Width = 64, Height = 48, FramesPerAction = 8 };
        var scene = new SyntheticScene(64, 48, 8, 9);
        var config = new VideoConfig { TargetWidth = 32, TargetHeight = 32, Fps = null, SequenceLength = 8, BufferSize = 1024 };
        await using var stream = new VideoStream(new SyntheticFrameSource(settings, Playback.Unpaced), config, EdgeTestKit.NewMeterFactory());
        var encoder = new SequenceEncoder(new SequenceEncoderOptions(), config);

        stream.StartStreaming();
        var batch = await stream.GetBatchAsync(3, EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        await stream.StopStreamingAsync();

        try
        {
            Assert.Equal(3, batch.Count);
            foreach (var sequence in batch)
            {
                var decoded = SequenceCodec.TryDecode(SequenceCodec.Encode(encoder.Encode(sequence, "local", "camera-1")));
                Assert.True(decoded.IsSuccess, decoded.Failure?.ToString());
                var expected = sequence.FrameIndices.Select(i => scene.Describe(i).Action.Name()).ToArray();
                Assert.Equal(expected, decoded.Value.FrameLabels);
                Assert.Equal(GroundTruth.SequenceLabel(expected), decoded.Value.TrueLabel);
            }
        }
        finally
        {
            EdgeTestKit.DisposeAll(batch);
        }
    }

    [Fact]
    public async Task AFileCarriesNoGroundTruth()
    {
        var config = new VideoConfig { TargetWidth = 32, TargetHeight = 32, Fps = null, SequenceLength = 4 };
        await using var stream = new VideoStream(new FileFrameSource(videos.Mp4H264, Playback.Unpaced), config, EdgeTestKit.NewMeterFactory());
        var encoder = new SequenceEncoder(new SequenceEncoderOptions(), config);

        stream.StartStreaming();
        var sequences = await VideoStreamTests.DrainAsync(stream);

        try
        {
            Assert.NotEmpty(sequences);
            Assert.All(sequences, s =>
            {
                Assert.Empty(s.FrameLabels);
                Assert.Null(s.TrueLabel);
                Assert.Empty(encoder.Encode(s, "local", "camera-1").FrameLabels);
            });
        }
        finally
        {
            EdgeTestKit.DisposeAll(sequences);
        }
    }
}
