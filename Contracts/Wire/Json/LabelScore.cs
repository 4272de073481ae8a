namespace EdgeVision.Contracts.Wire.Json;

/// <summary>One of the top-k classes of an <see cref="InferenceResult"/>.</summary>
/// <param name="Label">Human-readable class name, e.g. <c>"walking the dog"</c>.</param>
/// <param name="ClassIndex">Index of the class in the model's output, &gt;= 0.</param>
/// <param name="Confidence">Softmax probability, 0 to 1.</param>
public sealed record LabelScore(
    string Label,
    int ClassIndex,
    double Confidence);
