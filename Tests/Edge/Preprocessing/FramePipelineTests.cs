using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.Tests.Edge.Preprocessing;

public sealed class FramePipelineTests
{
    private static readonly StreamSettings Small = new(16, 16, null, 0);
    private static readonly StreamSettings Large = new(32, 24, null, 0);

    [Fact]
    public void ResolutionChangeMidSequenceAppliesFromTheNextSequence()
    {
        var instruments = new CaptureInstruments(EdgeTestKit.NewMeterFactory(), "test");
        using var pipeline = new FramePipeline(Small, sequenceLength: 4, stride: 4, instruments);

        var sequences = new List<AssembledSequence>();
        for (var i = 0; i < 12; i++)
        {
            if (i == 5)
            {
                pipeline.Request(Large); // frames 4..7 are being assembled at 16x16
            }

            if (pipeline.Process(TestFrames.Media(i, 64, 48)) is { } s)
            {
                sequences.Add(s);
            }
        }

        Assert.Equal([(16, 16), (16, 16), (32, 24)], sequences.Select(s => (s.Width, s.Height)));
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], sequences.Select(s => s.FrameIndices.ToArray()));
        Assert.All(sequences, s => Assert.All(s.Frames, f => Assert.Equal(s.Width * s.Height * 3, f.Length)));
        Assert.Equal(Large, sequences[^1].Settings);
        EdgeTestKit.DisposeAll(sequences);
    }

    [Fact]
    public void ResolutionChangeWithOverlapStartsAFreshWindowOfOnlyNewSizeFrames()
    {
        var instruments = new CaptureInstruments(EdgeTestKit.NewMeterFactory(), "test");
        using var pipeline = new FramePipeline(Small, sequenceLength: 4, stride: 2, instruments);

        var sequences = new List<AssembledSequence>();
        for (var i = 0; i < 12; i++)
        {
            if (i == 5)
            {
                pipeline.Request(Large);
            }

            if (pipeline.Process(TestFrames.Media(i, 64, 48)) is { } s)
            {
                sequences.Add(s);
            }
        }

        // [2..5] completes at 16x16; the overlap 4,5 was delivered, so the new window starts at 6.
        Assert.Equal([[0, 1, 2, 3], [2, 3, 4, 5], [6, 7, 8, 9], [8, 9, 10, 11]], sequences.Select(s => s.FrameIndices.ToArray()));
        Assert.Equal([16, 16, 32, 32], sequences.Select(s => s.Width));
        Assert.All(sequences, s => Assert.All(s.Frames, f => Assert.Equal(s.Width * s.Height * 3, f.Length)));
        EdgeTestKit.DisposeAll(sequences);
    }

    [Fact]
    public void FpsChangeAlsoWaitsForTheBoundaryAndIsCountedUnderItsReason()
    {
        var instruments = new CaptureInstruments(EdgeTestKit.NewMeterFactory(), "test");
        using var pipeline = new FramePipeline(Small, sequenceLength: 2, stride: 2, instruments);
        var kept = new List<long>();

        for (var i = 0; i < 10; i++)
        {
            if (i == 1)
            {
                pipeline.Request(Small with { Fps = 5 });
            }

            if (pipeline.Process(TestFrames.Media(i)) is { } s)
            {
                kept.AddRange(s.FrameIndices);
                s.Dispose();
            }
        }

        // Frame 1 completes the first sequence at full rate; from frame 2 on every other frame is kept.
        Assert.Equal([0, 1, 2, 4, 6, 8], kept);
        Assert.Equal(4, instruments.Dropped(DropReason.FpsLimit));
    }
}
