using EdgeVision.Edge.Sources.Ffmpeg;

namespace EdgeVision.Tests.Edge.Sources.Rtsp;

/// <summary>
/// Timeouts for the loopback RTSP tests: short enough that a test sees several reconnects in seconds, long
/// enough for a 2-core machine running the whole suite (ffprobe and ffmpeg each read a second or more of stream
/// before their first output, and the server's encoder competes for the same cores).
/// </summary>
internal static class RtspTiming
{
    public static readonly FfmpegSourceOptions Options = new()
    {
        OpenTimeout = TimeSpan.FromSeconds(5),
        FrameTimeout = TimeSpan.FromSeconds(5),
        ReconnectAttempts = 30,
        InitialBackoff = TimeSpan.FromMilliseconds(200),
        MaxBackoff = TimeSpan.FromSeconds(1),
    };

    /// <summary>Connecting and the first frame: a probe, ffmpeg's start and a keyframe, possibly after a watchdog restart.</summary>
    public static readonly TimeSpan FirstFrame = TimeSpan.FromSeconds(60);

    /// <summary>From the server's return to frames again: a backoff, a probe, ffmpeg's start and a keyframe.</summary>
    public static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(45);

    /// <summary>From a freeze to the source noticing: ffmpeg's socket timeout or the watchdog, with slack.</summary>
    public static readonly TimeSpan StallNoticed = Options.OpenTimeout + Options.FrameTimeout + TimeSpan.FromSeconds(10);

    /// <summary>How long stopping a source may take, whatever the server is doing.</summary>
    public static readonly TimeSpan Stop = TimeSpan.FromSeconds(10);
}
