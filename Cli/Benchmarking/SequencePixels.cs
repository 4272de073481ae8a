using EdgeVision.Edge.Preprocessing;
using EdgeVision.Inference.Training;

namespace EdgeVision.Cli.Benchmarking;

/// <summary>
/// An assembled sequence's RGB24 frames as the model's input: float (sequence, channel, y, x), scaled to [0, 1] and
/// normalised with the per-channel mean and std the models were trained with.
/// </summary>
internal static class SequencePixels
{
    public static float[] ToModelInput(AssembledSequence sequence, PixelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(normalization);
        var pixels = sequence.Width * sequence.Height;
        var values = new float[sequence.Frames.Length * 3 * pixels];
        Span<float> scale = stackalloc float[3];
        Span<float> shift = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = (float)(1 / (255 * normalization.Std[c]));
            shift[c] = (float)(-normalization.Mean[c] / normalization.Std[c]);
        }

        for (var f = 0; f < sequence.Frames.Length; f++)
        {
            var rgb = sequence.Frames[f].Span;
            var frame = values.AsSpan(f * 3 * pixels, 3 * pixels);
            for (var c = 0; c < 3; c++)
            {
                var plane = frame.Slice(c * pixels, pixels);
                float s = scale[c], b = shift[c];
                for (var p = 0; p < pixels; p++)
                {
                    plane[p] = (rgb[(p * 3) + c] * s) + b;
                }
            }
        }

        return values;
    }
}
