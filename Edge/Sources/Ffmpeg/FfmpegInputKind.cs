namespace EdgeVision.Edge.Sources.Ffmpeg;

/// <summary>What ffmpeg reads; it decides the input options and what the end of ffmpeg's output means.</summary>
public enum FfmpegInputKind
{
    /// <summary>rtsp://, rtsps://, http:// or https://: live, so an end of output is a disconnect to retry.</summary>
    Network,

    /// <summary>A V4L2 device such as /dev/video0: live.</summary>
    Webcam,

    /// <summary>A local file: the end of output is the end of the video.</summary>
    File,
}
