using EdgeVision.Inference.Runtime;

namespace EdgeVision.Benchmarks.Models;

/// <summary>Normalised clips laid out for <see cref="IModelSession.Predict"/>, with each clip's true class when known.</summary>
internal sealed record LabelledFrames(float[] Values, int[]? Labels, FrameBatchShape Shape)
{
    /// <summary>The first <paramref name="batch"/> clips and their shape.</summary>
    public (ReadOnlyMemory<float> Values, FrameBatchShape Shape) First(int batch)
    {
        var perClip = (int)(Shape.Elements / Shape.Batch);
        return (Values.AsMemory(0, batch * perClip), Shape with { Batch = batch });
    }
}
