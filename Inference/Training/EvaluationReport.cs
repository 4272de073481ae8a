namespace EdgeVision.Inference.Training;

/// <summary>
/// A model's accuracy over a set of clips. Plain data (no tensors), so it serialises to JSON as is.
/// Accuracies are fractions in [0, 1]. <see cref="ConfusionMatrix"/>[actual][predicted] counts clips.
/// </summary>
public sealed record EvaluationReport(
    int ClipCount,
    double Top1,
    double Top5,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<ClassAccuracy> PerClass,
    IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix);
