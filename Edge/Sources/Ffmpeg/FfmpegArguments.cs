using System.Globalization;

namespace EdgeVision.Edge.Sources.Ffmpeg;

/// <summary>Command lines for ffmpeg (raw BGR frames on stdout) and ffprobe (size and rate of the first video stream).</summary>
internal static class FfmpegArguments
{
    public static IReadOnlyList<string> Capture(FfmpegInput input, FfmpegSourceOptions options)
    {
        List<string> args = ["-hide_banner", "-loglevel", "error", "-nostdin"];
        args.AddRange(InputOptions(input, options));
        if (input.Kind == FfmpegInputKind.File && options.Realtime)
        {
            args.Add("-re");
        }

        args.AddRange(["-i", input.Target, "-an", "-sn", "-dn"]);
        if (options.Width is { } width && options.Height is { } height)
        {
            args.AddRange(["-vf", $"scale={width}:{height}"]);
        }

        args.AddRange(["-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"]);
        return args;
    }

    public static IReadOnlyList<string> Probe(FfmpegInput input, FfmpegSourceOptions options)
    {
        List<string> args = ["-v", "error"];
        args.AddRange(InputOptions(input, options));
        args.AddRange(["-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate", "-of", "csv=p=0", input.Target]);
        return args;
    }

    /// <summary>Parses ffprobe's <c>width,height,num/den</c>; null when it is not that.</summary>
    public static (int Width, int Height, double? Fps)? ParseProbe(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var parts = line?.Split(',');
        if (parts is not { Length: >= 2 }
            || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var width) || width <= 0
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var height) || height <= 0)
        {
            return null;
        }

        double? fps = null;
        if (parts.Length >= 3 && parts[2].Split('/') is [var num, var den]
            && double.TryParse(num, CultureInfo.InvariantCulture, out var n) && double.TryParse(den, CultureInfo.InvariantCulture, out var d) && n > 0 && d > 0)
        {
            fps = n / d;
        }

        return (width, height, fps);
    }

    private static IEnumerable<string> InputOptions(FfmpegInput input, FfmpegSourceOptions options)
    {
        var timeoutUs = ((long)options.OpenTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
        switch (input.Kind)
        {
            case FfmpegInputKind.Network when input.IsRtsp:
                if (options.RtspOverTcp)
                {
                    yield return "-rtsp_transport";
                    yield return "tcp";
                }

                // ffmpeg 5+: the RTSP socket I/O timeout (it was -stimeout before).
                yield return "-timeout";
                yield return timeoutUs;
                break;
            case FfmpegInputKind.Network:
                yield return "-rw_timeout";
                yield return timeoutUs;
                break;
            case FfmpegInputKind.Webcam:
                yield return "-f";
                yield return "v4l2";
                if (options.WebcamInputFormat is { } format)
                {
                    yield return "-input_format";
                    yield return format;
                }

                if (options.WebcamVideoSize is { } size)
                {
                    yield return "-video_size";
                    yield return size;
                }

                if (options.WebcamFrameRate is { } rate)
                {
                    yield return "-framerate";
                    yield return rate.ToString(CultureInfo.InvariantCulture);
                }

                break;
        }
    }
}
