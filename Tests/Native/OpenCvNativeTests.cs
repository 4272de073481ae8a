using OpenCvSharp;

namespace EdgeVision.Tests.Native;

// Proves libOpenCvSharpExtern (and the system libraries it links, libgtk-3 among them) loads and computes
// inside `dotnet test`. Pixel values are checked, not only sizes.
public sealed class OpenCvNativeTests
{
    [Fact]
    public void ConvertsBgrToRgbBySwappingBlueAndRed()
    {
        using var bgr = new Mat(1, 2, MatType.CV_8UC3, new Scalar(10, 20, 30));
        bgr.Set(0, 1, new Vec3b(200, 100, 50));
        using var rgb = new Mat();

        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);

        Assert.Equal(new Vec3b(30, 20, 10), rgb.At<Vec3b>(0, 0));
        Assert.Equal(new Vec3b(50, 100, 200), rgb.At<Vec3b>(0, 1));
        TestContext.Current.TestOutputHelper?.WriteLine($"OpenCV {Cv2.GetVersionString()}");
    }

    [Fact]
    public void ResizesWithNearestNeighbourIntoBlocksAndWithAreaIntoAverages()
    {
        using var small = new Mat(2, 2, MatType.CV_8UC1);
        small.Set(0, 0, (byte)10);
        small.Set(0, 1, (byte)20);
        small.Set(1, 0, (byte)30);
        small.Set(1, 1, (byte)40);
        using var large = new Mat();
        using var back = new Mat();

        Cv2.Resize(small, large, new Size(4, 4), interpolation: InterpolationFlags.Nearest);
        Cv2.Resize(large, back, new Size(1, 1), interpolation: InterpolationFlags.Area);

        Assert.Equal(new Size(4, 4), large.Size());
        Assert.Equal(10, large.At<byte>(1, 1));
        Assert.Equal(20, large.At<byte>(0, 3));
        Assert.Equal(30, large.At<byte>(3, 0));
        Assert.Equal(40, large.At<byte>(2, 2));
        Assert.Equal(25, back.At<byte>(0, 0));
    }

    [Fact]
    public void RoundTripsAGradientThroughJpegWithinCompressionError()
    {
        const int Rows = 48, Cols = 64;
        using var original = new Mat(Rows, Cols, MatType.CV_8UC3);
        for (var y = 0; y < Rows; y++)
        {
            for (var x = 0; x < Cols; x++)
            {
                original.Set(y, x, new Vec3b((byte)(x * 4), (byte)(y * 5), 128));
            }
        }

        Cv2.ImEncode(".jpg", original, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
        using var decoded = Cv2.ImDecode(jpeg, ImreadModes.Color);

        // JPEG start- and end-of-image markers.
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
        Assert.True(jpeg.Length < original.Total() * 3, $"JPEG of {jpeg.Length} bytes is not smaller than raw pixels");
        Assert.Equal(original.Size(), decoded.Size());
        Assert.Equal(MatType.CV_8UC3, decoded.Type());
        var meanAbsoluteError = Cv2.Norm(original, decoded, NormTypes.L1) / (original.Total() * 3);
        Assert.InRange(meanAbsoluteError, 0, 3);
        var pixel = decoded.At<Vec3b>(24, 32);
        Assert.InRange(pixel.Item0, 128 - 8, 128 + 8);
        Assert.InRange(pixel.Item1, 120 - 8, 120 + 8);
        Assert.InRange(pixel.Item2, 128 - 8, 128 + 8);
    }
}
