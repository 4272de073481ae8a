using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Pixels;
using EdgeVision.Silo.Decoding;

namespace EdgeVision.Tests.Silo.Decoding;

public sealed class SequenceDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly SequenceDecoder _decoder = new();

    [Fact]
    public void Rgb24FramesBecomePlanarFloatsNormalisedWithTheSequencesMeanAndStd()
    {
        var sequence = TestSequences.Create("site", "cam", 1, Now, frames: 2, width: 4, height: 3);

        var result = Input(sequence);

        Assert.Equal((2, 3, 3, 4), (result.Sequence, SequenceFrames.Channels, result.Height, result.Width));
        Assert.Equal(2 * 3 * 3 * 4, result.Pixels.Length);
        for (var f = 0; f < 2; f++)
        {
            for (var y = 0; y < 3; y++)
            {
                for (var x = 0; x < 4; x++)
                {
                    var rgb = new[] { (x * 8) + f, y * 8, 255 - (x * 4) };
                    for (var c = 0; c < 3; c++)
                    {
                        var expected = ((rgb[c] / 255f) - TestSequences.ImageNetMean[c]) / TestSequences.ImageNetStd[c];
                        var actual = result.Pixels[(f * 36) + (c * 12) + (y * 4) + x];
                        Assert.Equal(expected, actual, 1e-5f);
                    }
                }
            }
        }
    }

    [Fact]
    public void WithoutNormalisationPixelsAreOnlyScaledToTheUnitRange()
    {
        var sequence = TestSequences.Create("site", "cam", 1, Now, frames: 1, width: 2, height: 2, pixel: (_, _, _) => (255, 51, 0), normalize: false);

        var result = Input(sequence);

        Assert.Equal([1f, 1f, 1f, 1f, 0.2f, 0.2f, 0.2f, 0.2f, 0f, 0f, 0f, 0f], result.Pixels, new FloatTolerance(1e-6f));
    }

    [Fact]
    public void JpegFramesDecodeToTheColoursTheyWereEncodedFromInRgbOrder()
    {
        // Flat colours survive JPEG almost exactly; a swapped channel order would be off by ~200 levels.
        var sequence = TestSequences.Create("site", "cam", 1, Now, frames: 3, width: 32, height: 24, format: PixelFormat.Jpeg,
            pixel: (_, _, _) => (200, 100, 30), normalize: false);

        var result = Input(sequence);

        Assert.Equal((3, 24, 32), (result.Sequence, result.Height, result.Width));
        var plane = 24 * 32;
        Assert.All(result.Pixels.AsSpan(0, plane).ToArray(), v => Assert.Equal(200 / 255f, v, 3 / 255f));
        Assert.All(result.Pixels.AsSpan(plane, plane).ToArray(), v => Assert.Equal(100 / 255f, v, 3 / 255f));
        Assert.All(result.Pixels.AsSpan(2 * plane, plane).ToArray(), v => Assert.Equal(30 / 255f, v, 3 / 255f));
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24)]
    [InlineData(PixelFormat.Jpeg)]
    public void FramesShrinkToALowerResolutionSetWhileTheSequenceWasInFlight(PixelFormat format)
    {
        var sequence = TestSequences.Create("site", "cam", 1, Now, frames: 2, width: 32, height: 32, format: format,
            pixel: (_, x, _) => x < 16 ? ((byte)0, (byte)0, (byte)0) : ((byte)255, (byte)255, (byte)255), normalize: false);

        var result = Input(sequence, new FrameSize(16, 8));

        Assert.Equal((2, 3, 8, 16), (result.Sequence, SequenceFrames.Channels, result.Height, result.Width));
        // Area interpolation keeps the left half dark and the right half bright.
        Assert.True(result.Pixels[0] < 0.1f, $"left pixel {result.Pixels[0]}");
        Assert.True(result.Pixels[15] > 0.9f, $"right pixel {result.Pixels[15]}");
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(32, 32)]
    [InlineData(16, 64)]
    public void FramesAreNeverEnlargedOrStretchedBeyondTheirOwnSize(int width, int height)
    {
        var sequence = TestSequences.Create("site", "cam", 1, Now, frames: 1, width: 32, height: 32);

        var result = Input(sequence, new FrameSize(width, height));

        Assert.Equal((32, 32), (result.Width, result.Height));
    }

    [Fact]
    public void AJpegWhoseImageDataIsCorruptIsReportedNotReturnedAsPixels()
    {
        var sequence = TestSequences.Create("site", "cam", 1, Now, frames: 2, width: 32, height: 32, format: PixelFormat.Jpeg);
        var jpeg = sequence.Frames[1].ToArray();
        var startOfScan = IndexOfStartOfScan(jpeg);
        // Keep every header (so the wire validator accepts it) and cut the image data right after the scan header.
        var broken = jpeg[..(startOfScan + 4)];
        var corrupt = sequence with { Frames = [sequence.Frames[0], broken] };
        Assert.Null(SequenceCodec.Validate(corrupt));

        var error = Assert.Throws<SequenceDecodeException>(() => Input(corrupt));

        Assert.Contains("Frame 1", error.Message);
    }

    [Fact]
    public void Rgb24FramesOfTheSequencesSizeAreTheWireBytesThemselvesNotACopy()
    {
        var sequence = TestSequences.Create("site", "cam", 1, Now, frames: 2, width: 4, height: 3);

        using var frames = _decoder.Decode(sequence);

        Assert.Equal(PixelOrder.Rgb, frames.Order);
        Assert.Throws<InvalidOperationException>(() => frames.Frame(0));
    }

    [Fact]
    public void JpegFramesStayInTheBgrOrderOpenCvDecodesThemIn()
    {
        var sequence = TestSequences.Create("site", "cam", 1, Now, frames: 1, width: 16, height: 16, format: PixelFormat.Jpeg,
            pixel: (_, _, _) => (200, 100, 30), normalize: false);

        using var frames = _decoder.Decode(sequence);

        Assert.Equal(PixelOrder.Bgr, frames.Order);
        var first = frames.Frame(0)[..3].ToArray();
        Assert.InRange(first[0], 27, 33);
        Assert.InRange(first[2], 197, 203);
    }

    // What the engine's batch assembly writes for the sequence.
    private Decoded Input(FrameSequence sequence, FrameSize? target = null)
    {
        using var frames = _decoder.Decode(sequence, target);
        var pixels = new float[frames.Elements];
        frames.WriteTo(pixels);
        return new Decoded(frames.Count, frames.Height, frames.Width, pixels);
    }

    private sealed record Decoded(int Sequence, int Height, int Width, float[] Pixels);

    private static int IndexOfStartOfScan(byte[] jpeg)
    {
        for (var i = 2; i < jpeg.Length - 1; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA)
            {
                return i;
            }
        }

        throw new InvalidOperationException("No start-of-scan marker.");
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
