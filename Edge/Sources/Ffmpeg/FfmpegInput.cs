namespace EdgeVision.Edge.Sources.Ffmpeg;

/// <summary>An input for <see cref="FfmpegFrameSource"/>: a URL, device path or file path and its kind.</summary>
public sealed record FfmpegInput(FfmpegInputKind Kind, string Target)
{
    public static FfmpegInput Network(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtsp" or "rtsps" or "http" or "https"))
        {
            throw new FrameSourceException($"'{url}' is not a network stream URL; use rtsp://, rtsps://, http:// or https://.");
        }

        return new FfmpegInput(FfmpegInputKind.Network, url);
    }

    public static FfmpegInput Webcam(string devicePath) => new(FfmpegInputKind.Webcam, devicePath);

    public static FfmpegInput File(string path) => new(FfmpegInputKind.File, path);

    public bool IsLive => Kind != FfmpegInputKind.File;

    public bool IsRtsp => Target.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The target with any password in a URL replaced, for logs, errors and stream info.</summary>
    public string Display =>
        Kind == FfmpegInputKind.Network && Uri.TryCreate(Target, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':')
            ? Target.Replace(uri.UserInfo, uri.UserInfo[..uri.UserInfo.IndexOf(':')] + ":***", StringComparison.Ordinal)
            : Target;

    public override string ToString() => $"{Kind} {Display}";
}
