using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;
using OpenCvSharp;

namespace EdgeVision.Tests.Edge.Encoding;

public sealed class SequenceEncoderTests
{
    private static readonly VideoConfig Config = new() { TargetWidth = 16, TargetHeight = 16, SequenceLength = 2, Stride = 1 };

    [Fact]
    public void JpegSequencePassesTheSilosValidationAndDecodesToTheRgbPixels()
    {
        using var sequence = Assemble(ResizeInterpolation.Auto, sameTime: false);
        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = PixelFormat.Jpeg, JpegQuality = 95 }, Config);

        var wire = encoder.Encode(sequence, "site-1", "cam-1", sourceFps: 25);

        Assert.Null(SequenceCodec.Validate(wire));
        var decoded = SequenceCodec.TryDecode(SequenceCodec.Encode(wire));
        Assert.True(decoded.IsSuccess, decoded.ToString());
        Assert.Equal([0, 1], wire.FrameIndices);
        Assert.Equal((16, 16, PixelFormat.Jpeg), (wire.Width, wire.Height, wire.PixelFormat));
        Assert.Equal((32, 32, "area", 95, 25f, 1), (wire.Preprocessing.SourceWidth, wire.Preprocessing.SourceHeight,
            wire.Preprocessing.Interpolation, wire.Preprocessing.JpegQuality, wire.Preprocessing.TargetFps, wire.Preprocessing.Stride));
        using var image = Cv2.ImDecode(wire.Frames[0].ToArray(), ImreadModes.Color);
        // Left half RGB (30, 20, 10) and right half RGB (50, 100, 200); OpenCV decodes to BGR.
        AssertNear(new Vec3b(10, 20, 30), image.At<Vec3b>(8, 2));
        AssertNear(new Vec3b(200, 100, 50), image.At<Vec3b>(8, 13));
    }

    [Fact]
    public void Rgb24SequenceCarriesTheExactPixelsAndStrictlyIncreasingTimestamps()
    {
        using var sequence = Assemble(ResizeInterpolation.Nearest, sameTime: true);
        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = PixelFormat.Rgb24 }, Config);

        var wire = encoder.Encode(sequence, "site-1", "cam-1");

        Assert.Null(SequenceCodec.Validate(wire));
        // The camera's BGR frames go out as RGB: left half BGR (10, 20, 30), right half BGR (200, 100, 50).
        Assert.Equal(PixelOrder.Bgr, sequence.Order);
        Assert.Equal(new byte[] { 30, 20, 10 }, wire.Frames[1].Span[..3].ToArray());
        Assert.Equal(new byte[] { 50, 100, 200 }, wire.Frames[1].Span[^3..].ToArray());
        Assert.True(wire.Frames[1].Span.SequenceEqual(Swapped(sequence.Frames[1].Span)));
        Assert.Equal(wire.CaptureTimestampsUs[0] + 1, wire.CaptureTimestampsUs[1]);
        Assert.Equal((0, "nearest"), (wire.Preprocessing.JpegQuality, wire.Preprocessing.Interpolation));
        Assert.Equal([0.485f, 0.456f, 0.406f], wire.Preprocessing.Mean);
    }

    [Fact]
    public void EverySequenceCarriesTheConfiguredSizeAndFrameSkipWhateverTheSettingsItWasAssembledUnder()
    {
        using var sequence = Assemble(ResizeInterpolation.Nearest, sameTime: false);
        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = PixelFormat.Rgb24 }, new VideoConfig { TargetWidth = 16, TargetHeight = 16, SequenceLength = 2, Stride = 1, FrameSkip = 1 });

        var wire = encoder.Encode(sequence, "site-1", "cam-1");

        Assert.Equal(new NominalSettings(16, 16, 1), wire.Preprocessing.Nominal);
        Assert.Equal(0, wire.Preprocessing.FrameSkip);
        Assert.Null(SequenceCodec.Validate(wire));
    }

    [Theory]
    [InlineData(PixelFormat.Jpeg)]
    [InlineData(PixelFormat.Rgb24)]
    public void FramesCapturedInRgbGoOutInTheFormatsOwnOrder(PixelFormat format)
    {
        using var sequence = Assemble(ResizeInterpolation.Auto, sameTime: false, PixelOrder.Rgb);
        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = format, JpegQuality = 95 }, Config);

        var wire = encoder.Encode(sequence, "site-1", "cam-1");

        // The frames hold RGB (10, 20, 30) on the left and (200, 100, 50) on the right.
        Assert.Equal(PixelOrder.Rgb, sequence.Order);
        if (format == PixelFormat.Rgb24)
        {
            Assert.True(wire.Frames[0].Span.SequenceEqual(sequence.Frames[0].Span));
            return;
        }

        using var image = Cv2.ImDecode(wire.Frames[0].ToArray(), ImreadModes.Color);
        AssertNear(new Vec3b(30, 20, 10), image.At<Vec3b>(8, 2));
        AssertNear(new Vec3b(50, 100, 200), image.At<Vec3b>(8, 13));
    }

    private static byte[] Swapped(ReadOnlySpan<byte> pixels)
    {
        var swapped = pixels.ToArray();
        for (var i = 0; i < swapped.Length; i += 3)
        {
            (swapped[i], swapped[i + 2]) = (swapped[i + 2], swapped[i]);
        }

        return swapped;
    }

    private static AssembledSequence Assemble(ResizeInterpolation interpolation, bool sameTime, PixelOrder order = PixelOrder.Bgr)
    {
        var instruments = new CaptureInstruments(EdgeTestKit.NewMeterFactory(), "test");
        using var pipeline = new FramePipeline(StreamSettings.From(Config, interpolation) with { Fps = null }, 2, 1, instruments);
        AssembledSequence? sequence = null;
        for (var i = 0; i < 2; i++)
        {
            var halves = TestFrames.Halves(32, 32);
            var frame = Frame.Rent(i, sameTime ? TestFrames.Epoch : TestFrames.Epoch.AddMilliseconds(40 * i), null, 32, 32, order);
            halves.Pixels.CopyTo(frame.Pixels);
            halves.Dispose();
            sequence = pipeline.Process(frame);
        }

        return sequence ?? throw new InvalidOperationException("no sequence after two frames");
    }

    private static void AssertNear(Vec3b expected, Vec3b actual)
    {
        Assert.InRange(actual.Item0, expected.Item0 - 6, expected.Item0 + 6);
        Assert.InRange(actual.Item1, expected.Item1 - 6, expected.Item1 + 6);
        Assert.InRange(actual.Item2, expected.Item2 - 6, expected.Item2 + 6);
    }
}
