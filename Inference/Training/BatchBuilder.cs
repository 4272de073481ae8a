using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Pixels;
using EdgeVision.Synthetic;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Training;

/// <summary>
/// Renders dataset clips straight into the float array a batch tensor is made from, reusing one byte buffer
/// for the clip being rendered; the pixels become model input through <see cref="PixelNormalization.Write"/>, as served.
/// </summary>
internal sealed class BatchBuilder(SyntheticClipGenerator generator, int maxBatch, PixelNormalization normalization)
{
    private readonly byte[] clipBytes = new byte[generator.ClipBytes];

    public (Tensor Input, Tensor Labels) Build(SyntheticDataset dataset, ReadOnlySpan<int> indices)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(indices.Length, maxBatch, nameof(indices));
        var clipValues = generator.ClipBytes;
        var values = new float[(long)indices.Length * clipValues];
        var labels = new long[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            labels[i] = (long)dataset.RenderInto(indices[i], clipBytes);
            normalization.WriteFrames(clipBytes, generator.FrameBytes, PixelOrder.Rgb, values.AsSpan(i * clipValues, clipValues));
        }

        var input = tensor(values, [indices.Length, generator.FrameCount, 3, generator.Height, generator.Width]);
        return (input, tensor(labels, dtype: ScalarType.Int64));
    }
}
