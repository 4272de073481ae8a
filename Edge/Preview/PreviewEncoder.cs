using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources;
using OpenCvSharp;

namespace EdgeVision.Edge.Preview;

/// <summary>
/// A captured frame as a small JPEG: shrunk to at most a width (area interpolation, aspect kept; a narrower frame keeps its
/// size: enlarging would only add bytes), BGR for OpenCV's encoder.
/// </summary>
internal static class PreviewEncoder
{
    public static byte[] Encode(Frame frame, int maxWidth, int quality)
    {
        var width = Math.Min(maxWidth, frame.Width);
        var height = Math.Max(1, (int)Math.Round((double)frame.Height * width / frame.Width));
        using var source = MatFrames.Wrap(frame);
        using var small = new Mat();
        Cv2.Resize(source, small, new Size(width, height), interpolation: InterpolationFlags.Area);
        if (frame.Order == PixelOrder.Rgb)
        {
            Cv2.CvtColor(small, small, ColorConversionCodes.RGB2BGR);
        }

        return small.ImEncode(".jpg", [new ImageEncodingParam(ImwriteFlags.JpegQuality, quality)]);
    }
}
