using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Tests.Edge;

/// <summary>Hand-made frames for preprocessing tests.</summary>
internal static class TestFrames
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A frame on a 10 fps media timeline: index i at i/10 s.</summary>
    public static Frame Media(long index, int width = 32, int height = 24, double fps = 10) =>
        Solid(index, Epoch.AddSeconds(index / fps), TimeSpan.FromSeconds(index / fps), width, height);

    /// <summary>A live frame (no media time) captured at <paramref name="captureTime"/>.</summary>
    public static Frame Live(long index, DateTimeOffset captureTime, int width = 32, int height = 24) =>
        Solid(index, captureTime, null, width, height);

    /// <summary>Left half BGR (10, 20, 30), right half BGR (200, 100, 50).</summary>
    public static Frame Halves(int width, int height, PixelOrder order = PixelOrder.Bgr)
    {
        var frame = Frame.Rent(0, Epoch, TimeSpan.Zero, width, height, order);
        var pixels = frame.Pixels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = ((y * width) + x) * 3;
                (pixels[at], pixels[at + 1], pixels[at + 2]) = x < width / 2 ? ((byte)10, (byte)20, (byte)30) : ((byte)200, (byte)100, (byte)50);
            }
        }

        return frame;
    }

    private static Frame Solid(long index, DateTimeOffset captureTime, TimeSpan? mediaTime, int width, int height)
    {
        var frame = Frame.Rent(index, captureTime, mediaTime, width, height, PixelOrder.Bgr);
        frame.Pixels.Fill((byte)(index % 251));
        return frame;
    }
}
