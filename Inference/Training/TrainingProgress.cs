namespace EdgeVision.Inference.Training;

/// <summary>
/// Reported after every step (<see cref="CompletedEpoch"/> null) and once more when an epoch ends
/// (with its learning-curve point). Epochs and steps count from 1.
/// </summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double StepLoss, EpochResult? CompletedEpoch);
