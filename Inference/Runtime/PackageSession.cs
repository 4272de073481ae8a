using EdgeVision.Inference.Packages;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Inference.Runtime;

/// <summary>
/// What every runtime of a model package does the same way: check a batch against the manifest's input, run it in the
/// manifest's layout, turn the raw output rows into probabilities with the manifest's activation. A runtime supplies
/// <see cref="Run"/>; calls are serialised by the caller's lease or by the runtime.
/// </summary>
public abstract class PackageSession : IModelSession
{
    protected PackageSession(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Manifest = manifest;
    }

    public ModelManifest Manifest { get; }

    /// <summary>The runtime of the manifest's format: TorchScript on libtorch, ONNX on ONNX Runtime.</summary>
    /// <exception cref="ArgumentException">The format is neither, or the runtime cannot load the model.</exception>
    public static PackageSession Open(byte[] model, ModelManifest manifest, InferenceSessionOptions options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(loggers);
        return manifest.Format switch
        {
            ModelFormat.TorchScript => new TorchScriptSession(model, manifest, options, loggers.CreateLogger<TorchScriptSession>()),
            ModelFormat.Onnx => new OnnxSession(model, manifest, options, loggers.CreateLogger<OnnxSession>()),
            _ => throw new ArgumentException($"The manifest names a {manifest.Format} model; a package holds ONNX or TorchScript.", nameof(manifest)),
        };
    }

    public abstract string DeviceName { get; }

    public float[][] Predict(ReadOnlyMemory<float> frames, FrameBatchShape shape)
    {
        if (shape.Batch < 1 || shape.Sequence < 1 || shape.Height < 1 || shape.Width < 1)
        {
            throw new ArgumentException($"Every dimension of {shape} must be positive.", nameof(shape));
        }

        if (shape.Channels != 3)
        {
            throw new ArgumentException($"The model '{Manifest.Name}' takes 3 channels; the batch has {shape.Channels}.", nameof(shape));
        }

        if (Manifest.Input.Refuses(shape.Sequence, shape.Height, shape.Width) is { } refusal)
        {
            throw new ArgumentException($"The model '{Manifest.Name}' cannot take {refusal}.", nameof(shape));
        }

        var rows = Run(frames, Manifest.Input.Dimensions(shape.Batch, shape.Sequence, shape.Height, shape.Width));
        foreach (var row in rows)
        {
            Manifest.Output.ToProbabilities(row);
        }

        return rows;
    }

    /// <summary>The model's raw output rows (logits or probabilities, as the manifest says) for an input already in its layout.</summary>
    /// <exception cref="ArgumentException">The values do not fill <paramref name="dimensions"/>, or the output is not one row per clip.</exception>
    public float[][] Run(ReadOnlyMemory<float> values, long[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        var elements = dimensions.Aggregate(1L, (product, d) => product * d);
        return values.Length == elements
            ? RunChecked(values, dimensions)
            : throw new ArgumentException($"An input of shape [{string.Join(", ", dimensions)}] holds {elements} values; {values.Length} were given.", nameof(values));
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary><see cref="Run"/> once the values are known to fill <paramref name="dimensions"/>.</summary>
    protected abstract float[][] RunChecked(ReadOnlyMemory<float> values, long[] dimensions);

    protected abstract void Dispose(bool disposing);

    /// <summary>Splits a (batch, classes) output into rows, refusing any other shape.</summary>
    protected float[][] Rows(ReadOnlySpan<float> data, IReadOnlyList<long> shape, long batch)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count != 2 || shape[0] != batch)
        {
            throw new ArgumentException($"The model '{Manifest.Name}' returned shape [{string.Join(", ", shape)}] for a batch of {batch}; it must return (batch, classes).");
        }

        var classes = (int)shape[1];
        var rows = new float[batch][];
        for (var row = 0; row < rows.Length; row++)
        {
            rows[row] = data.Slice(row * classes, classes).ToArray();
        }

        return rows;
    }
}
