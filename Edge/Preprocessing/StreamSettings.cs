using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Edge.Preprocessing;

/// <summary>
/// The sampling and size in force for one sequence. Changed at run time by control messages; a change takes
/// effect at the next sequence boundary so no sequence mixes two settings.
/// </summary>
/// <param name="Fps">Frames per second kept; null keeps the source's rate.</param>
/// <param name="FrameSkip">Frames skipped after each kept frame.</param>
public sealed record StreamSettings(int TargetWidth, int TargetHeight, double? Fps, int FrameSkip, ResizeInterpolation Interpolation = ResizeInterpolation.Auto)
{
    /// <summary>The settings a <see cref="VideoConfig"/> starts with; <see cref="VideoConfig.MaxFps"/> caps the rate.</summary>
    public static StreamSettings From(VideoConfig config, ResizeInterpolation interpolation = ResizeInterpolation.Auto) =>
        new(config.TargetWidth, config.TargetHeight, Cap(config.Fps, config.MaxFps), config.FrameSkip, interpolation);

    /// <summary>These settings with the rate held under <paramref name="maxFps"/> (a null rate becomes the cap).</summary>
    public StreamSettings CappedAt(double? maxFps) => this with { Fps = Cap(Fps, maxFps) };

    /// <summary>Every problem with these settings, naming the value to fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TargetWidth is < VideoConfig.MinDimension or > VideoConfig.MaxDimension || TargetHeight is < VideoConfig.MinDimension or > VideoConfig.MaxDimension)
        {
            errors.Add($"Target size {TargetWidth}x{TargetHeight} must be {VideoConfig.MinDimension} to {VideoConfig.MaxDimension} on each side.");
        }

        if (Fps is { } fps && (!double.IsFinite(fps) || fps <= 0 || fps > VideoConfig.MaxFrameRate))
        {
            errors.Add($"Fps {fps} must be greater than 0 and at most {VideoConfig.MaxFrameRate}.");
        }

        if (FrameSkip is < 0 or > 1000)
        {
            errors.Add($"FrameSkip {FrameSkip} must be 0 to 1000.");
        }

        return errors;
    }

    private static double? Cap(double? fps, double? maxFps) =>
        maxFps is { } max ? Math.Min(fps ?? max, max) : fps;
}
