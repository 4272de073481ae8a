using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources;
using OpenCvSharp;

namespace EdgeVision.Edge.Preprocessing;

/// <summary>
/// Resizes a captured frame to the target size into a pooled buffer, in the channel order its stream keeps (the order
/// its source captures in): frames are not colour-converted here. The one conversion a frame may need happens where
/// the other order is required: the encoder's (OpenCV encodes JPEG from BGR; RGB24 on the wire is RGB), or none at all
/// when the frames go straight into a model's input, whose normalisation reads either order. Its label goes along.
/// </summary>
internal static class FramePreprocessor
{
    /// <param name="order">The stream's order; a frame captured in the other one (no source mixes them) is converted to it.</param>
    public static PreprocessedFrame Process(Frame frame, StreamSettings settings, PixelOrder order)
    {
        var output = new PreprocessedFrame(frame.Index, frame.CaptureTime, settings.TargetWidth, settings.TargetHeight, frame.Width, frame.Height, order, frame.Label);
        try
        {
            using var source = MatFrames.Wrap(frame);
            using var target = Mat.FromPixelData(output.Height, output.Width, MatType.CV_8UC3, output.Buffer);
            var sameSize = frame.Width == output.Width && frame.Height == output.Height;
            var convert = frame.Order != order;
            if (sameSize)
            {
                Copy(source, target, convert);
                return output;
            }

            var interpolation = ToOpenCv(Choose(settings.Interpolation, frame.Width, frame.Height, output.Width, output.Height));
            if (!convert)
            {
                Cv2.Resize(source, target, new Size(output.Width, output.Height), interpolation: interpolation);
                return output;
            }

            // Resize first: converting colours after shrinking touches fewer pixels.
            using var resized = new Mat();
            Cv2.Resize(source, resized, new Size(output.Width, output.Height), interpolation: interpolation);
            Copy(resized, target, convert);
            return output;
        }
        catch
        {
            output.Release();
            throw;
        }
    }

    /// <summary>The interpolation <see cref="ResizeInterpolation.Auto"/> resolves to for this resize.</summary>
    public static ResizeInterpolation Choose(ResizeInterpolation requested, int fromWidth, int fromHeight, int toWidth, int toHeight) =>
        requested != ResizeInterpolation.Auto ? requested
        : toWidth <= fromWidth && toHeight <= fromHeight ? ResizeInterpolation.Area
        : ResizeInterpolation.Linear;

    /// <summary>The lower-case name carried in <c>PreprocessingParameters.Interpolation</c>.</summary>
    public static string Name(ResizeInterpolation interpolation) => interpolation.ToString().ToLowerInvariant();

    // BGR2RGB and RGB2BGR are the same swap of the first and third channel.
    private static void Copy(Mat source, Mat target, bool convert)
    {
        if (convert)
        {
            Cv2.CvtColor(source, target, ColorConversionCodes.BGR2RGB);
        }
        else
        {
            source.CopyTo(target);
        }
    }

    private static InterpolationFlags ToOpenCv(ResizeInterpolation interpolation) => interpolation switch
    {
        ResizeInterpolation.Nearest => InterpolationFlags.Nearest,
        ResizeInterpolation.Linear => InterpolationFlags.Linear,
        ResizeInterpolation.Area => InterpolationFlags.Area,
        ResizeInterpolation.Cubic => InterpolationFlags.Cubic,
        _ => throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "Auto must be resolved first."),
    };
}
