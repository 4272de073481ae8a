namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// One case of <see cref="ModelFormatsScenario"/>: an architecture at an input and batch size, timed in rounds (ONNX
/// Runtime, then TorchScript, then PyTorch, each round in that order), so each round's three passes see the same load.
/// Ratios are medians of the rounds' own ratios.
/// </summary>
internal sealed record FormatTiming(string Architecture, int Frames, int Side, int Batch, IReadOnlyList<double> OnnxMs, IReadOnlyList<double> TorchScriptMs, IReadOnlyList<double> PyTorchMs)
{
    public double OnnxMedian => Median(OnnxMs);

    public double TorchScriptMedian => Median(TorchScriptMs);

    public double PyTorchMedian => Median(PyTorchMs);

    public double OnnxOverPyTorch => Median([.. OnnxMs.Zip(PyTorchMs, (a, b) => a / b)]);

    public double TorchScriptOverPyTorch => Median([.. TorchScriptMs.Zip(PyTorchMs, (a, b) => a / b)]);

    public double TorchScriptOverOnnx => Median([.. TorchScriptMs.Zip(OnnxMs, (a, b) => a / b)]);

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
