using EdgeVision.Contracts.Wire;
using OpenCvSharp;

namespace EdgeVision.Silo.Decoding;

/// <summary>
/// Turns a wire <see cref="FrameSequence"/> into model input: decodes each frame (JPEG through OpenCV, or raw
/// RGB24 as it is), shrinks it to a smaller resolution when the latency controller lowered the camera's
/// resolution while the sequence was in flight, and normalises it with the sequence's own mean and std:
/// <c>x' = (x / 255 - mean) / std</c> per RGB channel, or <c>x / 255</c> when the edge turned normalisation off.
/// Stateless and thread-safe; every OpenCV <see cref="Mat"/> is disposed before it returns.
/// </summary>
public sealed class SequenceTensorizer
{
    public const int Channels = 3;

    /// <summary>
    /// The sequence as <see cref="TensorizedSequence"/>. Frames are resized to <paramref name="target"/> only when it
    /// is smaller in both dimensions than the frames (area interpolation); frames are never enlarged.
    /// </summary>
    /// <exception cref="SequenceDecodeException">A frame could not be decoded, or decoded to another size.</exception>
    public TensorizedSequence Tensorize(FrameSequence sequence, FrameSize? target = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var output = OutputSize(sequence, target);
        var planeLength = output.Width * output.Height;
        var frameLength = planeLength * Channels;
        var pixels = new float[(long)sequence.FrameCount * frameLength];
        var (scale, shift) = Coefficients(sequence.Preprocessing);
        for (var i = 0; i < sequence.FrameCount; i++)
        {
            var destination = pixels.AsSpan(i * frameLength, frameLength);
            var frame = sequence.Frames[i];
            var resize = output.Width != sequence.Width || output.Height != sequence.Height;
            if (sequence.PixelFormat == PixelFormat.Rgb24 && !resize)
            {
                Normalize(frame.Span, planeLength, scale, shift, destination);
                continue;
            }

            using var rgb = DecodeRgb(sequence, i);
            if (resize)
            {
                using var resized = new Mat();
                Cv2.Resize(rgb, resized, new Size(output.Width, output.Height), interpolation: InterpolationFlags.Area);
                Normalize(resized.AsSpan<byte>(), planeLength, scale, shift, destination);
            }
            else
            {
                Normalize(rgb.AsSpan<byte>(), planeLength, scale, shift, destination);
            }
        }

        return new TensorizedSequence(sequence.FrameCount, Channels, output.Height, output.Width, pixels);
    }

    /// <summary>The size <see cref="Tensorize"/> produces for <paramref name="sequence"/> under <paramref name="target"/>.</summary>
    public static FrameSize OutputSize(FrameSequence sequence, FrameSize? target)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return target is { } t && t.Width > 0 && t.Height > 0
            && t.Width <= sequence.Width && t.Height <= sequence.Height
            && (t.Width < sequence.Width || t.Height < sequence.Height)
            ? t
            : new FrameSize(sequence.Width, sequence.Height);
    }

    private static Mat DecodeRgb(FrameSequence sequence, int index)
    {
        var frame = sequence.Frames[index].Span;
        if (sequence.PixelFormat == PixelFormat.Rgb24)
        {
            // Copy into a Mat OpenCV owns: the wire buffer is not pinned for the Mat's lifetime.
            var mat = new Mat(sequence.Height, sequence.Width, MatType.CV_8UC3);
            frame.CopyTo(mat.AsSpan<byte>());
            return mat;
        }

        using var bgr = Cv2.ImDecode(frame, ImreadModes.Color);
        if (bgr.Empty())
        {
            throw new SequenceDecodeException($"Frame {index} of sequence {sequence.SequenceNumber} from {sequence.SiteId}/{sequence.CameraId} is not a decodable JPEG.");
        }

        if (bgr.Width != sequence.Width || bgr.Height != sequence.Height)
        {
            throw new SequenceDecodeException($"Frame {index} of sequence {sequence.SequenceNumber} decoded to {bgr.Width}x{bgr.Height}; the sequence declares {sequence.Width}x{sequence.Height}.");
        }

        var rgb = new Mat();
        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
        return rgb;
    }

    private static (float[] Scale, float[] Shift) Coefficients(PreprocessingParameters parameters)
    {
        var scale = new float[Channels];
        var shift = new float[Channels];
        for (var c = 0; c < Channels; c++)
        {
            var mean = parameters.Normalize ? parameters.Mean[c] : 0f;
            var std = parameters.Normalize ? parameters.Std[c] : 1f;
            scale[c] = 1f / (255f * std);
            shift[c] = -mean / std;
        }

        return (scale, shift);
    }

    // Interleaved RGB bytes -> planar (channel, y, x) floats.
    private static void Normalize(ReadOnlySpan<byte> rgb, int planeLength, float[] scale, float[] shift, Span<float> destination)
    {
        if (rgb.Length != planeLength * Channels)
        {
            throw new SequenceDecodeException($"A frame holds {rgb.Length} bytes; {planeLength * Channels} were expected.");
        }

        for (var c = 0; c < Channels; c++)
        {
            var plane = destination.Slice(c * planeLength, planeLength);
            float s = scale[c], b = shift[c];
            for (var p = 0; p < planeLength; p++)
            {
                plane[p] = (rgb[(p * Channels) + c] * s) + b;
            }
        }
    }
}
