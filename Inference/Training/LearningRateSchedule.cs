namespace EdgeVision.Inference.Training;

/// <summary>How the learning rate moves after warm-up (<see cref="TrainingOptions.WarmupEpochs"/>).</summary>
public enum LearningRateSchedule
{
    /// <summary>The configured rate throughout.</summary>
    Constant,

    /// <summary>Half a cosine from the configured rate down to zero at the last step (Loshchilov and Hutter 2017).</summary>
    Cosine,
}
