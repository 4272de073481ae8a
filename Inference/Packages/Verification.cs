using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Inference.Packages;

/// <summary>How a package's outputs compare with the reference framework's on the same input.</summary>
/// <param name="Clips">Rows compared (the batch of the saved input).</param>
/// <param name="Classes">Values per row.</param>
/// <param name="MaxAbsDifference">The largest absolute difference over every value.</param>
/// <param name="Top1Agreements">Rows whose highest-scoring class is the same in both.</param>
public sealed record Verification(int Clips, int Classes, double MaxAbsDifference, int Top1Agreements)
{
    /// <summary>Within <paramref name="tolerance"/> and the same top-1 class in every row.</summary>
    public bool Passes(double tolerance) => MaxAbsDifference <= tolerance && Top1Agreements == Clips;

    /// <summary>
    /// Runs the package at <paramref name="packagePath"/> on <paramref name="input"/> (float32, the tensor the network
    /// itself receives: normalised, in the model's layout) and compares its raw output with <paramref name="expected"/>
    /// (float32, batch x classes).
    /// </summary>
    /// <exception cref="Checkpoints.CheckpointFormatException">The package cannot be opened (e.g. its checksum does not match).</exception>
    /// <exception cref="ArgumentException">The arrays do not fit the model; the message says how.</exception>
    public static Verification Run(string packagePath, NpyArray input, NpyArray expected, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(expected);
        var (manifest, model) = ModelPackage.Open(packagePath);
        if (input.Floats is null || input.Shape.Count != 5)
        {
            throw new ArgumentException(
                $"The input must be float32 of rank 5 in the model's layout ({manifest.Input.Layout}); it is {(input.Floats is null ? "uint8" : "float32")} ({string.Join(", ", input.Shape)}).");
        }

        if (expected.Floats is null || expected.Shape.Count != 2 || expected.Shape[0] != input.Shape[0])
        {
            throw new ArgumentException(
                $"The expected output must be float32 (batch, classes) with the input's batch of {input.Shape[0]}; it is {(expected.Floats is null ? "uint8" : "float32")} ({string.Join(", ", expected.Shape)}).");
        }

        // On the CPU wherever it runs: the tolerance is for float32 against PyTorch's CPU output, which cuDNN's TF32
        // convolutions on a GPU would exceed.
        var options = new InferenceSessionOptions { ThreadCount = threads, PreferCuda = false };
        using var session = PackageSession.Open(model, manifest, options, NullLoggerFactory.Instance);
        var rows = session.Run(input.Floats, [.. input.Shape]);
        var classes = (int)expected.Shape[1];
        if (rows[0].Length != classes)
        {
            throw new ArgumentException($"The model returns {rows[0].Length} classes; the expected output has {classes}.");
        }

        var largest = 0.0;
        var agreements = 0;
        for (var row = 0; row < rows.Length; row++)
        {
            var reference = expected.Floats.AsSpan(row * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                largest = Math.Max(largest, Math.Abs((double)rows[row][c] - reference[c]));
            }

            if (ArgMax(rows[row]) == ArgMax(reference))
            {
                agreements++;
            }
        }

        return new Verification(rows.Length, classes, largest, agreements);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
