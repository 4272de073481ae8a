namespace EdgeVision.Contracts.Configuration;

/// <summary>
/// How an edge agent turns a camera feed into frame sequences (the guide's <c>VideoConfig</c>; defaults are
/// the guide's). The edge agent binds it from <c>Edge:Video</c>.
/// </summary>
public sealed class VideoConfig
{
    public const int MinDimension = 16;
    public const int MaxDimension = 4096;
    public const int MaxSequenceLength = 256;
    public const double MaxFrameRate = 1000;

    /// <summary>Width frames are resized to before sequence assembly.</summary>
    public int TargetWidth { get; set; } = 224;

    /// <summary>Height frames are resized to before sequence assembly.</summary>
    public int TargetHeight { get; set; } = 224;

    /// <summary>Frames per second taken from the source; null keeps the source's own rate.</summary>
    public double? Fps { get; set; } = 30.0;

    /// <summary>A hard ceiling on the frame rate, whatever <see cref="Fps"/> or control messages ask; null for none.</summary>
    public double? MaxFps { get; set; }

    /// <summary>Frames per sequence.</summary>
    public int SequenceLength { get; set; } = 16;

    /// <summary>
    /// Frames between the starts of consecutive sequences; null means <see cref="SequenceLength"/> (no overlap).
    /// Smaller values make overlapping sequences (a sliding window).
    /// </summary>
    public int? Stride { get; set; }

    /// <summary>Frames skipped after each kept frame (0 keeps every frame).</summary>
    public int FrameSkip { get; set; }

    /// <summary>Captured frames buffered before preprocessing; when full the oldest is dropped and counted.</summary>
    public int BufferSize { get; set; } = 64;

    /// <summary>Sequences per batch for library callers that ask for batches.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Whether the silo normalises pixels with <see cref="Mean"/> and <see cref="Std"/>.</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Per-channel (RGB) mean, in [0, 1] pixel units (ImageNet's by default).</summary>
    public double[] Mean { get; set; } = [0.485, 0.456, 0.406];

    /// <summary>Per-channel (RGB) standard deviation, in [0, 1] pixel units (ImageNet's by default).</summary>
    public double[] Std { get; set; } = [0.229, 0.224, 0.225];

    public int EffectiveStride => Stride ?? SequenceLength;

    /// <summary>Every problem with this configuration, each naming its key under <paramref name="section"/> (bare when empty).</summary>
    public IReadOnlyList<string> Validate(string section = "")
    {
        var errors = new ValidationErrors(section);
        errors.Range(nameof(TargetWidth), TargetWidth, MinDimension, MaxDimension);
        errors.Range(nameof(TargetHeight), TargetHeight, MinDimension, MaxDimension);
        if (Fps is { } fps)
        {
            errors.Positive(nameof(Fps), fps, MaxFrameRate);
        }

        if (MaxFps is { } maxFps)
        {
            errors.Positive(nameof(MaxFps), maxFps, MaxFrameRate);
            if (maxFps > 0 && Fps is { } target && target > maxFps)
            {
                errors.Add(nameof(MaxFps), $"must not be below {errors.Key(nameof(Fps))} ({ValidationErrors.Format(target)}) (was {ValidationErrors.Format(maxFps)}).");
            }
        }

        errors.Range(nameof(SequenceLength), SequenceLength, 1, MaxSequenceLength);
        if (Stride is { } stride)
        {
            // A stride past the sequence length would leave frames that belong to no sequence and no drop reason.
            errors.Range(nameof(Stride), stride, 1, Math.Max(1, SequenceLength));
        }

        errors.Range(nameof(FrameSkip), FrameSkip, 0, 1000);
        errors.Range(nameof(BufferSize), BufferSize, 1, 100_000);
        errors.Range(nameof(BatchSize), BatchSize, 1, 256);
        errors.Triple(nameof(Mean), Mean, v => v is >= 0 and <= 1, "must be between 0 and 1");
        errors.Triple(nameof(Std), Std, v => v is > 0 and <= 1, "must be greater than 0 and at most 1");
        return errors.Errors;
    }
}
