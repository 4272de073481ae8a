namespace EdgeVision.Edge.Sources;

/// <summary>How fast a file or generator delivers frames.</summary>
public sealed record Playback
{
    private Playback(double? fps, bool paced)
    {
        Fps = fps;
        IsPaced = paced;
    }

    /// <summary>At the source's own frame rate, like a camera would.</summary>
    public static Playback SourceRate { get; } = new(null, true);

    /// <summary>As fast as frames can be decoded or generated (benchmarks, offline processing).</summary>
    public static Playback Unpaced { get; } = new(null, false);

    /// <summary>At <paramref name="fps"/> frames per second whatever the source's rate.</summary>
    public static Playback AtRate(double fps)
    {
        if (!double.IsFinite(fps) || fps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "A playback rate must be a positive number of frames per second.");
        }

        return new Playback(fps, true);
    }

    /// <summary>The fixed rate, or null for <see cref="SourceRate"/> and <see cref="Unpaced"/>.</summary>
    public double? Fps { get; }

    public bool IsPaced { get; }

    /// <summary>Frame interval to pace at, or null when unpaced or the source rate is unknown.</summary>
    public TimeSpan? Interval(double? sourceFps) =>
        !IsPaced ? null
        : (Fps ?? sourceFps) is { } fps and > 0 ? TimeSpan.FromSeconds(1 / fps)
        : null;

    public override string ToString() => !IsPaced ? "unpaced" : Fps is { } fps ? $"{fps} fps" : "source rate";
}
