namespace EdgeVision.Inference.Training;

/// <summary>How one class fared; <see cref="Accuracy"/> is null when no clip of the class was evaluated.</summary>
public sealed record ClassAccuracy(string Name, int Clips, int Correct, double? Accuracy);
