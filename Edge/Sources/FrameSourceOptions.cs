using EdgeVision.Edge.Sources.Ffmpeg;

namespace EdgeVision.Edge.Sources;

/// <summary>How <see cref="FrameSourceFactory"/> builds each kind of source.</summary>
public sealed record FrameSourceOptions
{
    /// <summary>Playback of file sources (the source's rate by default, like a camera).</summary>
    public Playback FilePlayback { get; init; } = Playback.SourceRate;

    /// <summary>Replay files from the start when they end.</summary>
    public bool Loop { get; init; }

    /// <summary>ffmpeg settings for network streams and webcams.</summary>
    public FfmpegSourceOptions Ffmpeg { get; init; } = new();
}
