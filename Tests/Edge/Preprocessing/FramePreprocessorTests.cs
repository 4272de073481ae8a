using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Tests.Edge.Preprocessing;

public sealed class FramePreprocessorTests
{
    [Fact]
    public void ShrinksWithAreaKeepingTheSourcesChannelOrder()
    {
        using var frame = TestFrames.Halves(32, 24);

        var output = FramePreprocessor.Process(frame, new StreamSettings(16, 12, null, 0), PixelOrder.Bgr);

        try
        {
            Assert.Equal((16, 12, 32, 24, PixelOrder.Bgr), (output.Width, output.Height, output.SourceWidth, output.SourceHeight, output.Order));
            Assert.Equal(16 * 12 * 3, output.Pixels.Length);
            Assert.Equal(new byte[] { 10, 20, 30 }, Pixel(output, 0, 0));
            Assert.Equal(new byte[] { 10, 20, 30 }, Pixel(output, 7, 11));
            Assert.Equal(new byte[] { 200, 100, 50 }, Pixel(output, 8, 0));
            Assert.Equal(new byte[] { 200, 100, 50 }, Pixel(output, 15, 11));
        }
        finally
        {
            output.Release();
        }
    }

    [Fact]
    public void EnlargesWithLinearBlendingAcrossTheEdge()
    {
        using var frame = TestFrames.Halves(16, 16);

        var output = FramePreprocessor.Process(frame, new StreamSettings(32, 32, null, 0), PixelOrder.Bgr);

        try
        {
            Assert.Equal(new byte[] { 10, 20, 30 }, Pixel(output, 0, 0));
            Assert.Equal(new byte[] { 200, 100, 50 }, Pixel(output, 31, 31));
            // Linear interpolation leaves values strictly between the halves next to the edge; nearest would not.
            var edge = Pixel(output, 15, 5);
            Assert.InRange(edge[1], 21, 99);
        }
        finally
        {
            output.Release();
        }
    }

    [Fact]
    public void RgbFrameOfTheTargetSizeIsCopiedUnchanged()
    {
        using var frame = TestFrames.Halves(16, 16, PixelOrder.Rgb);

        var output = FramePreprocessor.Process(frame, new StreamSettings(16, 16, null, 0), PixelOrder.Rgb);

        try
        {
            Assert.Equal(PixelOrder.Rgb, output.Order);
            Assert.True(output.Pixels.Span.SequenceEqual(frame.Pixels));
        }
        finally
        {
            output.Release();
        }
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(8, 8)]
    public void AFrameInTheOtherOrderThanItsStreamsIsConvertedToTheStreams(int width, int height)
    {
        using var frame = TestFrames.Halves(16, 16);

        var output = FramePreprocessor.Process(frame, new StreamSettings(width, height, null, 0), PixelOrder.Rgb);

        try
        {
            Assert.Equal(PixelOrder.Rgb, output.Order);
            Assert.Equal(new byte[] { 30, 20, 10 }, Pixel(output, 0, 0));
            Assert.Equal(new byte[] { 50, 100, 200 }, Pixel(output, width - 1, height - 1));
        }
        finally
        {
            output.Release();
        }
    }

    [Theory]
    [InlineData(ResizeInterpolation.Auto, 640, 480, 224, 224, ResizeInterpolation.Area)]
    [InlineData(ResizeInterpolation.Auto, 112, 112, 224, 224, ResizeInterpolation.Linear)]
    [InlineData(ResizeInterpolation.Auto, 640, 100, 224, 224, ResizeInterpolation.Linear)]
    [InlineData(ResizeInterpolation.Cubic, 640, 480, 224, 224, ResizeInterpolation.Cubic)]
    public void AutoChoosesAreaToShrinkAndLinearToEnlarge(ResizeInterpolation requested, int fromW, int fromH, int toW, int toH, ResizeInterpolation expected) =>
        Assert.Equal(expected, FramePreprocessor.Choose(requested, fromW, fromH, toW, toH));

    private static byte[] Pixel(PreprocessedFrame frame, int x, int y) => frame.Pixels.Slice(((y * frame.Width) + x) * 3, 3).ToArray();
}
