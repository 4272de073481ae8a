namespace EdgeVision.Inference.Training;

/// <summary>The learning rate at each optimisation step: linear warm-up, then constant or cosine decay to zero.</summary>
internal sealed class LearningRateCurve(TrainingOptions options, int stepsPerEpoch)
{
    private readonly double warmupSteps = options.WarmupEpochs * stepsPerEpoch;
    private readonly double totalSteps = (double)options.Epochs * stepsPerEpoch;

    /// <summary>The rate for zero-based global step <paramref name="step"/>.</summary>
    public double At(int step)
    {
        var peak = options.LearningRate;
        if (step < warmupSteps)
        {
            return peak * (step + 1) / (warmupSteps + 1);
        }

        if (options.Schedule == LearningRateSchedule.Constant)
        {
            return peak;
        }

        var progress = (step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps);
        return peak * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress)));
    }
}
