using EdgeVision.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Training;

/// <summary>
/// Turns RGB24 frames into the models' input: float (batch, sequence, 3, height, width), scaled to [0, 1] and
/// normalised. The conversion runs in one pass over the bytes in C#, then one copy into a tensor.
/// </summary>
public static class ClipTensors
{
    /// <summary>The clips as one batch; they must share a size and frame count.</summary>
    public static Tensor FromClips(IReadOnlyList<SyntheticClip> clips, PixelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentOutOfRangeException.ThrowIfZero(clips.Count);
        var first = clips[0];
        var values = new float[(long)clips.Count * first.FrameCount * first.FrameBytes];
        var clipValues = first.FrameCount * first.FrameBytes;
        for (var i = 0; i < clips.Count; i++)
        {
            var clip = clips[i];
            if (clip.Width != first.Width || clip.Height != first.Height || clip.FrameCount != first.FrameCount)
            {
                throw new ArgumentException($"Clip {i} is {clip.Width}x{clip.Height}x{clip.FrameCount}; the first is {first.Width}x{first.Height}x{first.FrameCount}.", nameof(clips));
            }

            Normalize(clip.Pixels, first.FrameCount, first.Height, first.Width, normalization, values.AsSpan(i * clipValues, clipValues));
        }

        return tensor(values, [clips.Count, first.FrameCount, 3, first.Height, first.Width]);
    }

    /// <summary>Back-to-back RGB24 frames of <paramref name="batch"/> sequences as one batch.</summary>
    public static Tensor FromRgb24(ReadOnlySpan<byte> frames, int batch, int sequence, int height, int width, PixelNormalization normalization)
    {
        var count = (long)batch * sequence * height * width * 3;
        if (batch < 1 || sequence < 1 || height < 1 || width < 1 || frames.Length != count)
        {
            throw new ArgumentException($"Expected {count} bytes for {batch}x{sequence} frames of {width}x{height} RGB24, got {frames.Length}.", nameof(frames));
        }

        var values = new float[count];
        Normalize(frames, batch * sequence, height, width, normalization, values);
        return tensor(values, [batch, sequence, 3, height, width]);
    }

    /// <summary>The clips' labels as int64 class indices, what cross-entropy expects.</summary>
    public static Tensor Labels(IReadOnlyList<SyntheticClip> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        return tensor(clips.Select(c => (long)c.Label).ToArray(), dtype: ScalarType.Int64);
    }

    /// <summary>
    /// Writes <paramref name="frames"/> RGB24 frames (interleaved) into <paramref name="destination"/> as planar
    /// (frame, channel, y, x) floats.
    /// </summary>
    internal static void Normalize(ReadOnlySpan<byte> rgb, int frames, int height, int width, PixelNormalization normalization, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        var pixels = height * width;
        Span<float> scale = stackalloc float[3];
        Span<float> shift = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = (float)(1 / (255 * normalization.Std[c]));
            shift[c] = (float)(-normalization.Mean[c] / normalization.Std[c]);
        }

        for (var f = 0; f < frames; f++)
        {
            var source = rgb.Slice(f * pixels * 3, pixels * 3);
            var target = destination.Slice(f * pixels * 3, pixels * 3);
            for (var c = 0; c < 3; c++)
            {
                var plane = target.Slice(c * pixels, pixels);
                float s = scale[c], b = shift[c];
                for (var p = 0; p < pixels; p++)
                {
                    plane[p] = (source[(p * 3) + c] * s) + b;
                }
            }
        }
    }
}
