namespace EdgeVision.Edge.Sources.Ffmpeg;

/// <summary>How an ffmpeg-backed source runs ffmpeg, watches it and reconnects.</summary>
public sealed record FfmpegSourceOptions
{
    /// <summary>The ffmpeg executable (a path, or a name looked up on PATH).</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>The ffprobe executable, used when the frame size is not configured.</summary>
    public string FfprobePath { get; init; } = "ffprobe";

    /// <summary>Output width; with <see cref="Height"/> ffmpeg scales to it, else the size is probed.</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>RTSP over TCP (interleaved): no lost UDP packets, works through NAT and firewalls.</summary>
    public bool RtspOverTcp { get; init; } = true;

    /// <summary>Socket open and I/O timeout given to ffmpeg (<c>-timeout</c> for RTSP, <c>-rw_timeout</c> for HTTP).</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Watchdog: ffmpeg is killed and restarted when no complete frame arrives for this long.</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Restarts after a failure before giving up; a delivered frame resets the count.</summary>
    public int ReconnectAttempts { get; init; } = 3;

    /// <summary>Delay before the first restart; doubled for each further attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Random spread of each delay, as a fraction (0.2 = +-20%), so many cameras do not reconnect in step.</summary>
    public double BackoffJitter { get; init; } = 0.2;

    /// <summary>Read files at their native rate (<c>-re</c>) instead of as fast as the pipe is drained.</summary>
    public bool Realtime { get; init; }

    /// <summary>Webcam pixel format to ask the V4L2 driver for (<c>-input_format</c>: mjpeg, yuyv422, h264); the driver's default when null.</summary>
    public string? WebcamInputFormat { get; init; }

    /// <summary>Webcam capture size to ask the driver for, <c>WIDTHxHEIGHT</c> (<c>-video_size</c>); the driver's default when null.</summary>
    public string? WebcamVideoSize { get; init; }

    /// <summary>Webcam frame rate to ask the driver for (<c>-framerate</c>); the driver's default when null.</summary>
    public double? WebcamFrameRate { get; init; }

    /// <summary>Lines of ffmpeg's stderr kept for error messages.</summary>
    public int StderrLines { get; init; } = 20;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Width is null != Height is null || Width <= 0 || Height <= 0)
        {
            errors.Add($"Width and Height must both be set and positive, or both unset (were {Width}, {Height}).");
        }

        if (FrameTimeout <= TimeSpan.Zero || OpenTimeout <= TimeSpan.Zero)
        {
            errors.Add("FrameTimeout and OpenTimeout must be positive.");
        }

        if (ReconnectAttempts < 0 || InitialBackoff < TimeSpan.Zero || MaxBackoff < InitialBackoff || BackoffJitter is < 0 or > 1)
        {
            errors.Add("ReconnectAttempts must be >= 0, 0 <= InitialBackoff <= MaxBackoff, and BackoffJitter 0 to 1.");
        }

        if (WebcamVideoSize is { } size && !IsSize(size))
        {
            errors.Add($"WebcamVideoSize must be WIDTHxHEIGHT such as 1280x720 (was '{size}').");
        }

        if (WebcamFrameRate is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            errors.Add($"WebcamFrameRate must be positive (was {rate}).");
        }

        if (WebcamInputFormat is { } format && (format.Length == 0 || !format.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add($"WebcamInputFormat must be a V4L2 format name such as mjpeg or yuyv422 (was '{format}').");
        }

        return errors;
    }

    private static bool IsSize(string text) =>
        text.Split('x') is [var w, var h]
        && int.TryParse(w, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width) && width > 0
        && int.TryParse(h, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var height) && height > 0;
}
