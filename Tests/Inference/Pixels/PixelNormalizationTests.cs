using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Tests.Inference.Pixels;

public sealed class PixelNormalizationTests
{
    // Every byte value in every channel: pixel p is (p, 255 - p, p / 2).
    private static byte[] AllValues(PixelOrder order)
    {
        var frame = new byte[256 * 3];
        for (var p = 0; p < 256; p++)
        {
            var (r, g, b) = ((byte)p, (byte)(255 - p), (byte)(p / 2));
            (frame[p * 3], frame[(p * 3) + 1], frame[(p * 3) + 2]) = order == PixelOrder.Rgb ? (r, g, b) : (b, g, r);
        }

        return frame;
    }

    [Fact]
    public void WritesEachChannelAsAPlaneOfPixelsScaledToTheUnitRangeThenNormalised()
    {
        var config = new VideoConfig();
        var values = new float[256 * 3];

        PixelNormalization.From(config).Write(AllValues(PixelOrder.Rgb), PixelOrder.Rgb, values);

        for (var p = 0; p < 256; p++)
        {
            double[] rgb = [p, 255 - p, p / 2];
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(((rgb[c] / 255) - config.Mean[c]) / config.Std[c], values[(c * 256) + p], 1e-5);
            }
        }
    }

    [Fact]
    public void ABgrFrameBecomesTheSameInputAsTheRgbFrameItHolds()
    {
        var fromRgb = new float[256 * 3];
        var fromBgr = new float[256 * 3];

        PixelNormalization.ImageNet.Write(AllValues(PixelOrder.Rgb), PixelOrder.Rgb, fromRgb);
        PixelNormalization.ImageNet.Write(AllValues(PixelOrder.Bgr), PixelOrder.Bgr, fromBgr);

        Assert.Equal(fromRgb, fromBgr);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheNormalisationASequenceCarriesIsTheOneItsEdgeWasConfiguredWithToTheBit(bool normalize)
    {
        var config = new VideoConfig { Normalize = normalize, Mean = [0.3, 0.2, 0.1], Std = [0.7, 0.123456789, 0.9] };
        var wire = new PreprocessingParameters(30, 0, 8, config.Normalize, [.. config.Mean.Select(v => (float)v)], [.. config.Std.Select(v => (float)v)],
            32, 32, "area", 0);
        var fromConfig = new float[256 * 3];
        var fromWire = new float[256 * 3];

        PixelNormalization.From(config).Write(AllValues(PixelOrder.Rgb), PixelOrder.Rgb, fromConfig);
        PixelNormalization.From(wire).Write(AllValues(PixelOrder.Rgb), PixelOrder.Rgb, fromWire);

        Assert.Equal(fromConfig, fromWire);
    }

    [Fact]
    public void WithoutNormalisationPixelsAreOnlyScaledToTheUnitRange()
    {
        var values = new float[3];

        PixelNormalization.From(new VideoConfig { Normalize = false }).Write([255, 51, 0], PixelOrder.Rgb, values);

        Assert.Equal(1f, values[0], 1e-6f);
        Assert.Equal(0.2f, values[1], 1e-6f);
        Assert.Equal(0f, values[2], 1e-6f);
    }

    [Fact]
    public void RejectsADestinationOfAnotherSizeAndStatisticsThatCannotNormalise()
    {
        Assert.Throws<ArgumentException>(() => PixelNormalization.None.Write(new byte[12], PixelOrder.Rgb, new float[9]));
        Assert.Throws<ArgumentException>(() => PixelNormalization.None.WriteFrames(new byte[12], 9, PixelOrder.Rgb, new float[12]));
        Assert.Throws<ArgumentException>(() => new PixelNormalization([0.5f, 0.5f, 0.5f], [0.2f, 0f, 0.2f]));
        Assert.Throws<ArgumentException>(() => new PixelNormalization([0.5f, 0.5f], [0.2f, 0.2f]));
    }
}
