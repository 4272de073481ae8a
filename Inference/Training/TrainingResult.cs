namespace EdgeVision.Inference.Training;

/// <summary>The learning curve and the final held-out evaluation of a training run.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochResult> Epochs, EvaluationReport HeldOut);
