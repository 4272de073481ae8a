namespace EdgeVision.Contracts.Configuration;

/// <summary>
/// The shape of a temporal video model (the guide's <c>VideoModelConfig</c>; defaults are the guide's).
/// Input is (batch, sequence, channels, height, width); output is logits over <see cref="NumClasses"/>.
/// Stored in checkpoints; no host reads it from configuration.
/// </summary>
public sealed class VideoModelConfig
{
    public int InputChannels { get; set; } = 3;

    public int InputHeight { get; set; } = 224;

    public int InputWidth { get; set; } = 224;

    public int SequenceLength { get; set; } = 16;

    public int HiddenDim { get; set; } = 256;

    public int NumLayers { get; set; } = 2;

    /// <summary>Dropout probability during training; ignored at inference.</summary>
    public double Dropout { get; set; } = 0.1;

    public int NumClasses { get; set; } = 1000;

    /// <summary>Every problem with this configuration, each naming its key under <paramref name="section"/> (bare when empty).</summary>
    public IReadOnlyList<string> Validate(string section = "")
    {
        var errors = new ValidationErrors(section);
        errors.Range(nameof(InputChannels), InputChannels, 1, 16);
        errors.Range(nameof(InputHeight), InputHeight, 8, VideoConfig.MaxDimension);
        errors.Range(nameof(InputWidth), InputWidth, 8, VideoConfig.MaxDimension);
        errors.Range(nameof(SequenceLength), SequenceLength, 1, VideoConfig.MaxSequenceLength);
        errors.Range(nameof(HiddenDim), HiddenDim, 1, 8192);
        errors.Range(nameof(NumLayers), NumLayers, 1, 64);
        if (!double.IsFinite(Dropout) || Dropout is < 0 or >= 1)
        {
            errors.Add(nameof(Dropout), $"must be at least 0 and below 1 (was {ValidationErrors.Format(Dropout)}).");
        }

        errors.Range(nameof(NumClasses), NumClasses, 1, 100_000);
        return errors.Errors;
    }
}
