using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Inference.Training;

/// <summary>
/// A training run on the synthetic actions. The train and held-out sets are datasets of different seeds,
/// so they share no clip; <see cref="Seed"/> seeds torch and the shuffling, so a run repeats exactly.
/// </summary>
public sealed class TrainingOptions
{
    public int Epochs { get; set; } = 10;

    public int BatchSize { get; set; } = 32;

    public double LearningRate { get; set; } = 1e-3;

    public double WeightDecay { get; set; }

    public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.Constant;

    /// <summary>Epochs (fractions allowed) over which the rate rises linearly from near zero to <see cref="LearningRate"/>.</summary>
    public double WarmupEpochs { get; set; }

    /// <summary>Largest global gradient norm per step; 0 leaves gradients unclipped.</summary>
    public double GradientClipNorm { get; set; }

    public int Width { get; set; } = 32;

    public int Height { get; set; } = 32;

    public int Frames { get; set; } = 8;

    public int TrainClips { get; set; } = 1000;

    public int TrainSeed { get; set; } = 1;

    public int HeldOutClips { get; set; } = 200;

    public int HeldOutSeed { get; set; } = 2;

    public long Seed { get; set; }

    /// <summary>Intra-op threads for torch (process-wide); null leaves torch's setting alone.</summary>
    public int? Threads { get; set; }

    public PixelNormalization Normalization { get; set; } = PixelNormalization.ImageNet;

    /// <summary>Every problem, each naming its key under <paramref name="section"/> (bare when empty).</summary>
    public IReadOnlyList<string> Validate(string section = "")
    {
        var errors = new ValidationErrors(section);
        void Check(bool ok, string key, string rule, object value)
        {
            if (!ok)
            {
                errors.Add(key, $"{rule} (was {value}).");
            }
        }

        Check(Epochs >= 1, nameof(Epochs), "must be at least 1", Epochs);
        Check(BatchSize >= 1, nameof(BatchSize), "must be at least 1", BatchSize);
        Check(LearningRate is > 0 and < 10, nameof(LearningRate), "must be above 0 and below 10", LearningRate);
        Check(WeightDecay >= 0, nameof(WeightDecay), "must not be negative", WeightDecay);
        Check(Enum.IsDefined(Schedule), nameof(Schedule), "must be Constant or Cosine", Schedule);
        Check(WarmupEpochs >= 0 && WarmupEpochs <= Epochs, nameof(WarmupEpochs), "must be between 0 and Epochs", WarmupEpochs);
        Check(GradientClipNorm >= 0, nameof(GradientClipNorm), "must not be negative (0 turns clipping off)", GradientClipNorm);
        Check(Width >= 1, nameof(Width), "must be at least 1", Width);
        Check(Height >= 1, nameof(Height), "must be at least 1", Height);
        Check(Frames >= 1, nameof(Frames), "must be at least 1", Frames);
        Check(TrainClips >= 1, nameof(TrainClips), "must be at least 1", TrainClips);
        Check(HeldOutClips >= 1, nameof(HeldOutClips), "must be at least 1", HeldOutClips);
        Check(TrainSeed != HeldOutSeed, nameof(HeldOutSeed), "must differ from TrainSeed, or held-out clips are training clips", HeldOutSeed);
        Check(Threads is null or >= 1, nameof(Threads), "must be at least 1 when set", Threads ?? 0);
        return errors.Errors;
    }
}
