using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Pixels;
using EdgeVision.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Training;

/// <summary>
/// Turns RGB24 frames into the models' input: float (batch, sequence, 3, height, width), normalised by
/// <see cref="PixelNormalization.Write"/>, the same pass the silo and the CLI fill their batches with.
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

            normalization.WriteFrames(clip.Pixels, first.FrameBytes, PixelOrder.Rgb, values.AsSpan(i * clipValues, clipValues));
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

        ArgumentNullException.ThrowIfNull(normalization);
        var values = new float[count];
        normalization.WriteFrames(frames, height * width * 3, PixelOrder.Rgb, values);
        return tensor(values, [batch, sequence, 3, height, width]);
    }

    /// <summary>The clips' labels as int64 class indices, what cross-entropy expects.</summary>
    public static Tensor Labels(IReadOnlyList<SyntheticClip> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        return tensor(clips.Select(c => (long)c.Label).ToArray(), dtype: ScalarType.Int64);
    }
}
