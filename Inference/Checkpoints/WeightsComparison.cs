using static TorchSharp.torch;

namespace EdgeVision.Inference.Checkpoints;

/// <summary>
/// Compares weights with a model's state before loading, so a mismatch is reported by name and shape rather
/// than as whatever libtorch happens to say about the first failing copy.
/// </summary>
public static class WeightsComparison
{
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        var differences = new List<string>();
        var missing = expected.Keys.Where(name => !actual.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        var unexpected = actual.Keys.Where(name => !expected.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            differences.Add($"missing parameters: {string.Join(", ", missing)}");
        }

        if (unexpected.Count > 0)
        {
            differences.Add($"unexpected parameters: {string.Join(", ", unexpected)}");
        }

        foreach (var (name, wanted) in expected.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(name, out var found))
            {
                continue;
            }

            if (!wanted.shape.SequenceEqual(found.shape))
            {
                differences.Add($"{name} has shape {Format(found.shape)} in the weights but {Format(wanted.shape)} in the model");
            }
            else if (wanted.dtype != found.dtype)
            {
                differences.Add($"{name} is {found.dtype} in the weights but {wanted.dtype} in the model");
            }
        }

        return differences;
    }

    private static string Format(long[] shape) => $"[{string.Join(", ", shape)}]";
}
