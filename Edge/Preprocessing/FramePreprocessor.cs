using EdgeVision.Edge.Sources;
using OpenCvSharp;

namespace EdgeVision.Edge.Preprocessing;

/// <summary>Resizes a captured frame to the target size and converts it to RGB, writing into a pooled buffer; its label goes along.</summary>
internal static class FramePreprocessor
{
    public static RgbFrame Process(Frame frame, StreamSettings settings)
    {
        var output = new RgbFrame(frame.Index, frame.CaptureTime, settings.TargetWidth, settings.TargetHeight, frame.Width, frame.Height, frame.Label);
        try
        {
            using var source = MatFrames.Wrap(frame);
            using var target = Mat.FromPixelData(output.Height, output.Width, MatType.CV_8UC3, output.Buffer);
            var sameSize = frame.Width == output.Width && frame.Height == output.Height;
            if (sameSize)
            {
                Convert(source, target, frame.Order);
                return output;
            }

            // Resize first: converting colours after shrinking touches fewer pixels.
            using var resized = new Mat();
            Cv2.Resize(source, resized, new Size(output.Width, output.Height),
                interpolation: ToOpenCv(Choose(settings.Interpolation, frame.Width, frame.Height, output.Width, output.Height)));
            Convert(resized, target, frame.Order);
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

    private static void Convert(Mat source, Mat target, PixelOrder order)
    {
        if (order == PixelOrder.Bgr)
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
