using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Pixels;
using OpenCvSharp;

namespace EdgeVision.Silo.Decoding;

/// <summary>
/// Turns a wire <see cref="FrameSequence"/> into <see cref="SequenceFrames"/> for the inference engine: RGB24 frames as
/// they arrived (no copy), JPEG frames decoded by OpenCV into a pooled buffer, each shrunk to a smaller resolution when
/// the latency controller lowered the camera's resolution while the sequence was in flight. No float is written here:
/// the engine normalises the frames straight into its batch buffer with the sequence's own mean and std
/// (<see cref="PixelNormalization.From(PreprocessingParameters)"/>). JPEG frames stay in the BGR order OpenCV decodes
/// them in; that normalisation reads them as BGR, so no frame is colour-converted on the silo.
/// Stateless and thread-safe; every OpenCV <see cref="Mat"/> is disposed before it returns.
/// </summary>
public sealed class SequenceDecoder
{
    /// <summary>
    /// The sequence's frames, resized to <paramref name="target"/> only when it is smaller in both dimensions than the
    /// frames (area interpolation); frames are never enlarged. The caller owns the result (dispose it, or hand it to the
    /// engine, which does).
    /// </summary>
    /// <exception cref="SequenceDecodeException">A frame could not be decoded, or decoded to another size.</exception>
    public SequenceFrames Decode(FrameSequence sequence, FrameSize? target = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var output = OutputSize(sequence, target);
        var normalization = PixelNormalization.From(sequence.Preprocessing);
        var resize = output.Width != sequence.Width || output.Height != sequence.Height;
        if (sequence.PixelFormat == PixelFormat.Rgb24 && !resize)
        {
            CheckRgb24Lengths(sequence);
            return new SequenceFrames(sequence.Frames, sequence.Width, sequence.Height, PixelOrder.Rgb, normalization);
        }

        var order = sequence.PixelFormat == PixelFormat.Jpeg ? PixelOrder.Bgr : PixelOrder.Rgb;
        var frames = SequenceFrames.Rent(sequence.FrameCount, output.Width, output.Height, order, normalization);
        try
        {
            for (var i = 0; i < sequence.FrameCount; i++)
            {
                using var decoded = DecodeFrame(sequence, i);
                if (resize)
                {
                    using var resized = new Mat();
                    Cv2.Resize(decoded, resized, new Size(output.Width, output.Height), interpolation: InterpolationFlags.Area);
                    resized.AsSpan<byte>().CopyTo(frames.Frame(i));
                }
                else
                {
                    decoded.AsSpan<byte>().CopyTo(frames.Frame(i));
                }
            }

            return frames;
        }
        catch
        {
            frames.Dispose();
            throw;
        }
    }

    /// <summary>The size <see cref="Decode"/> produces for <paramref name="sequence"/> under <paramref name="target"/>.</summary>
    public static FrameSize OutputSize(FrameSequence sequence, FrameSize? target)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return target is { } t && t.Width > 0 && t.Height > 0
            && t.Width <= sequence.Width && t.Height <= sequence.Height
            && (t.Width < sequence.Width || t.Height < sequence.Height)
            ? t
            : new FrameSize(sequence.Width, sequence.Height);
    }

    private static void CheckRgb24Lengths(FrameSequence sequence)
    {
        var expected = sequence.Width * sequence.Height * SequenceFrames.Channels;
        for (var i = 0; i < sequence.FrameCount; i++)
        {
            if (sequence.Frames[i].Length != expected)
            {
                throw new SequenceDecodeException($"Frame {i} of sequence {sequence.SequenceNumber} holds {sequence.Frames[i].Length} bytes; {expected} were expected.");
            }
        }
    }

    // The frame at the sequence's size, in the order the sequence's format gives: BGR for JPEG, RGB for RGB24.
    private static Mat DecodeFrame(FrameSequence sequence, int index)
    {
        var frame = sequence.Frames[index].Span;
        if (sequence.PixelFormat == PixelFormat.Rgb24)
        {
            // Copy into a Mat OpenCV owns: the wire buffer is not pinned for the Mat's lifetime.
            var mat = new Mat(sequence.Height, sequence.Width, MatType.CV_8UC3);
            if (frame.Length != sequence.Width * sequence.Height * SequenceFrames.Channels)
            {
                mat.Dispose();
                throw new SequenceDecodeException($"Frame {index} of sequence {sequence.SequenceNumber} holds {frame.Length} bytes; {sequence.Width * sequence.Height * SequenceFrames.Channels} were expected.");
            }

            frame.CopyTo(mat.AsSpan<byte>());
            return mat;
        }

        var bgr = Cv2.ImDecode(frame, ImreadModes.Color);
        if (bgr.Empty())
        {
            bgr.Dispose();
            throw new SequenceDecodeException($"Frame {index} of sequence {sequence.SequenceNumber} from {sequence.SiteId}/{sequence.CameraId} is not a decodable JPEG.");
        }

        if (bgr.Width != sequence.Width || bgr.Height != sequence.Height)
        {
            var message = $"Frame {index} of sequence {sequence.SequenceNumber} decoded to {bgr.Width}x{bgr.Height}; the sequence declares {sequence.Width}x{sequence.Height}.";
            bgr.Dispose();
            throw new SequenceDecodeException(message);
        }

        return bgr;
    }
}
