namespace EdgeVision.Contracts.Configuration;

/// <summary>
/// The latency budget and the adaptive measures the silo may take to keep it (the guide's
/// <c>InferenceConfig</c>; defaults are the guide's). The silo binds it from <c>Silo:Inference</c>.
/// </summary>
public sealed class InferenceConfig
{
    public const int MaxBatchSizeLimit = 256;
    public const double MaxLatencyLimitMs = 60_000;

    /// <summary>End-to-end latency (capture to result) the controller steers p95 towards.</summary>
    public double TargetLatencyMs { get; set; } = 100.0;

    /// <summary>Latency beyond which a sequence is stale: dropped and counted rather than processed.</summary>
    public double MaxLatencyMs { get; set; } = 200.0;

    /// <summary>Sequences-per-second rate the pipeline aims to sustain per camera.</summary>
    public double TargetFps { get; set; } = 15.0;

    /// <summary>Whether the controller may lower the edge's resolution under load.</summary>
    public bool EnableAdaptiveResolution { get; set; } = true;

    /// <summary>Whether the controller may tell the edge to skip frames under load.</summary>
    public bool EnableFrameSkipping { get; set; } = true;

    /// <summary>Whether sequences from several cameras may share one model forward pass.</summary>
    public bool EnableBatching { get; set; } = true;

    /// <summary>The largest batch one forward pass may take.</summary>
    public int MaxBatchSize { get; set; } = 4;

    /// <summary>Every problem with this configuration, each naming its key under <paramref name="section"/> (bare when empty).</summary>
    public IReadOnlyList<string> Validate(string section = "")
    {
        var errors = new ValidationErrors(section);
        errors.Positive(nameof(TargetLatencyMs), TargetLatencyMs, MaxLatencyLimitMs);
        errors.Positive(nameof(MaxLatencyMs), MaxLatencyMs, MaxLatencyLimitMs);
        if (double.IsFinite(TargetLatencyMs) && double.IsFinite(MaxLatencyMs) && MaxLatencyMs < TargetLatencyMs)
        {
            errors.Add(nameof(MaxLatencyMs), $"must not be below {errors.Key(nameof(TargetLatencyMs))} ({ValidationErrors.Format(TargetLatencyMs)}) (was {ValidationErrors.Format(MaxLatencyMs)}).");
        }

        errors.Positive(nameof(TargetFps), TargetFps, VideoConfig.MaxFrameRate);
        errors.Range(nameof(MaxBatchSize), MaxBatchSize, 1, MaxBatchSizeLimit);
        return errors.Errors;
    }
}
