namespace EdgeVision.Contracts.Wire;

/// <summary>
/// A camera's configured capture settings, before any control message changed them: what the silo's latency controller
/// restores towards. Edges send them with every sequence (<c>PreprocessingParameters</c> fields 11-13 of
/// <c>sequence.proto</c>) and in their retained status, so a silo that starts in the middle of a degraded stream still
/// knows where the camera belongs.
/// </summary>
/// <param name="Width">Configured frame width, in pixels (1-4096).</param>
/// <param name="Height">Configured frame height, in pixels (1-4096).</param>
/// <param name="FrameSkip">Configured frames skipped after each kept frame (0-1000).</param>
public sealed record NominalSettings(
    int Width,
    int Height,
    int FrameSkip)
{
    /// <summary>The largest width or height a nominal setting may name.</summary>
    public const int MaxSide = 4096;

    /// <summary>The largest frame skip a nominal setting may name.</summary>
    public const int MaxFrameSkip = 1000;

    /// <summary>The nominal settings of an edge configured with <paramref name="video"/>.</summary>
    public static NominalSettings Of(Configuration.VideoConfig video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return new NominalSettings(video.TargetWidth, video.TargetHeight, video.FrameSkip);
    }

    /// <summary>Why these settings are out of range, or null when they are fine.</summary>
    public string? Explain() =>
        Width is < 1 or > MaxSide || Height is < 1 or > MaxSide
            ? $"nominal size {Width}x{Height}; each side must be 1 to {MaxSide}"
            : FrameSkip is < 0 or > MaxFrameSkip
                ? $"nominal frame skip {FrameSkip}; must be 0 to {MaxFrameSkip}"
                : null;
}
