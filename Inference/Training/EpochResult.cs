namespace EdgeVision.Inference.Training;

/// <summary>One point of the learning curve: mean training loss, accuracies as fractions.</summary>
public sealed record EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double HeldOutAccuracy, TimeSpan Elapsed);
