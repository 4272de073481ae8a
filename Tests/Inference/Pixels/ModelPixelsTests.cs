using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Tests.Inference.Pixels;

/// <summary>A model's own layout, channel order, value range and statistics, written by the engine's one pixel pass.</summary>
public sealed class ModelPixelsTests
{
    // Two frames of two pixels, BGR as OpenCV captures them: frame 0 is (B, G, R) = (10, 20, 30), (40, 50, 60); frame 1 adds 100.
    private static readonly byte[][] Frames = [[10, 20, 30, 40, 50, 60], [110, 120, 130, 140, 150, 160]];

    [Fact]
    public void WritesChannelsBeforeFramesInTheModelsChannelOrderWithItsOwnRangeAndStatistics()
    {
        using var frames = new SequenceFrames([.. Frames.Select(f => (ReadOnlyMemory<byte>)f)], 2, 1, PixelOrder.Bgr, PixelNormalization.ImageNet);
        // A BGR model on [0, 255] values: mean and std in its own channel order (B, G, R).
        var pixels = new ModelPixels(new PixelNormalization([100, 0, 0], [2, 1, 1], range: 255), PixelOrder.Bgr, ChannelsFirst: true);
        var values = new float[12];

        frames.WriteTo(values, pixels);

        // (channel, frame, pixel): blue plane (x - 100) / 2, then green, then red, each frame after the other.
        Assert.Equal([-45f, -30f, 5f, 20f, 20f, 50f, 120f, 150f, 30f, 60f, 130f, 160f], values, new Batching.FloatTolerance(1e-4f));
    }

    [Fact]
    public void WritesEdgeVisionsOwnLayoutWithTheSequencesNormalisationWhenTheModelHasNone()
    {
        using var frames = new SequenceFrames([.. Frames.Select(f => (ReadOnlyMemory<byte>)f)], 2, 1, PixelOrder.Bgr, PixelNormalization.None);
        var values = new float[12];

        frames.WriteTo(values, ModelPixels.Sequence);

        // (frame, channel, pixel), RGB, x / 255.
        float[] expected = [30, 60, 20, 50, 10, 40, 130, 160, 120, 150, 110, 140];
        Assert.Equal(expected.Select(v => v / 255), values, new Batching.FloatTolerance(1e-6f));
    }
}
