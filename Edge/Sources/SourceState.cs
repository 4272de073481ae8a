namespace EdgeVision.Edge.Sources;

/// <summary>Where a frame source is in its life. <see cref="Ended"/> and <see cref="Failed"/> are final.</summary>
public enum SourceState
{
    /// <summary>Opening the file, device or stream; no frame yet.</summary>
    Connecting,

    /// <summary>Frames are arriving.</summary>
    Streaming,

    /// <summary>The stream stopped or stalled; waiting out the backoff before the next attempt.</summary>
    Reconnecting,

    /// <summary>The source has no more frames (end of file, generator done, or stopped by its owner).</summary>
    Ended,

    /// <summary>The source cannot deliver frames; <see cref="SourceStatus.Reason"/> says why.</summary>
    Failed,
}
