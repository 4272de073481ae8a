using EdgeVision.Contracts.Wire;
using OpenCvSharp;

namespace EdgeVision.Edge.Sources;

/// <summary>Copies between OpenCV images and pooled <see cref="Frame"/> buffers.</summary>
internal static class MatFrames
{
    /// <summary>A frame holding a copy of <paramref name="bgr"/> (8-bit, 3 channels, as VideoCapture returns).</summary>
    public static Frame Copy(Mat bgr, long index, DateTimeOffset captureTime, TimeSpan? mediaTime)
    {
        if (bgr.Type() != MatType.CV_8UC3)
        {
            throw new InvalidOperationException($"Expected 8-bit 3-channel frames, got {bgr.Type()}.");
        }

        var frame = Frame.Rent(index, captureTime, mediaTime, bgr.Cols, bgr.Rows, PixelOrder.Bgr);
        using var target = Wrap(frame);
        bgr.CopyTo(target);
        return frame;
    }

    /// <summary>A Mat over the frame's own buffer (no copy); dispose it before the frame.</summary>
    public static Mat Wrap(Frame frame) => Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC3, frame.Buffer);
}
