using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Tests.Edge.Preprocessing;

public sealed class FramePreprocessorTests
{
    [Fact]
    public void ShrinksWithAreaAndConvertsBgrToRgb()
    {
        using var frame = TestFrames.Halves(32, 24);

        var rgb = FramePreprocessor.Process(frame, new StreamSettings(16, 12, null, 0));

        try
        {
            Assert.Equal((16, 12, 32, 24), (rgb.Width, rgb.Height, rgb.SourceWidth, rgb.SourceHeight));
            Assert.Equal(16 * 12 * 3, rgb.Pixels.Length);
            Assert.Equal(new byte[] { 30, 20, 10 }, Pixel(rgb, 0, 0));
            Assert.Equal(new byte[] { 30, 20, 10 }, Pixel(rgb, 7, 11));
            Assert.Equal(new byte[] { 50, 100, 200 }, Pixel(rgb, 8, 0));
            Assert.Equal(new byte[] { 50, 100, 200 }, Pixel(rgb, 15, 11));
        }
        finally
        {
            rgb.Release();
        }
    }

    [Fact]
    public void EnlargesWithLinearBlendingAcrossTheEdge()
    {
        using var frame = TestFrames.Halves(16, 16);

        var rgb = FramePreprocessor.Process(frame, new StreamSettings(32, 32, null, 0));

        try
        {
            Assert.Equal(new byte[] { 30, 20, 10 }, Pixel(rgb, 0, 0));
            Assert.Equal(new byte[] { 50, 100, 200 }, Pixel(rgb, 31, 31));
            // Linear interpolation leaves values strictly between the halves next to the edge; nearest would not.
            var edge = Pixel(rgb, 15, 5);
            Assert.InRange(edge[1], 21, 99);
        }
        finally
        {
            rgb.Release();
        }
    }

    [Fact]
    public void RgbFrameOfTheTargetSizeIsCopiedUnchanged()
    {
        using var frame = TestFrames.Halves(16, 16, PixelOrder.Rgb);

        var rgb = FramePreprocessor.Process(frame, new StreamSettings(16, 16, null, 0));

        try
        {
            Assert.True(rgb.Pixels.Span.SequenceEqual(frame.Pixels));
        }
        finally
        {
            rgb.Release();
        }
    }

    [Theory]
    [InlineData(ResizeInterpolation.Auto, 640, 480, 224, 224, ResizeInterpolation.Area)]
    [InlineData(ResizeInterpolation.Auto, 112, 112, 224, 224, ResizeInterpolation.Linear)]
    [InlineData(ResizeInterpolation.Auto, 640, 100, 224, 224, ResizeInterpolation.Linear)]
    [InlineData(ResizeInterpolation.Cubic, 640, 480, 224, 224, ResizeInterpolation.Cubic)]
    public void AutoChoosesAreaToShrinkAndLinearToEnlarge(ResizeInterpolation requested, int fromW, int fromH, int toW, int toH, ResizeInterpolation expected) =>
        Assert.Equal(expected, FramePreprocessor.Choose(requested, fromW, fromH, toW, toH));

    private static byte[] Pixel(RgbFrame frame, int x, int y) => frame.Pixels.Slice(((y * frame.Width) + x) * 3, 3).ToArray();
}
