using System.Globalization;

namespace EdgeVision.Edge.Sources;

/// <summary>A parsed source string (<c>--source</c>): its kind and the path, URL or device it names.</summary>
public sealed record FrameSourceSpec(FrameSourceKind Kind, string Target)
{
    public const string ValidForms =
        "webcam (= /dev/video0), webcam:N (= /dev/videoN), /dev/videoN, rtsp://host[:port]/path, rtsps://..., " +
        "http(s)://host/path (MJPEG, HLS, ...), synthetic or synthetic:key=value,... (keys: seed, class, width, height, fps, " +
        "frames_per_action), or the path of an existing video file";

    private static readonly string[] NetworkSchemes = ["rtsp", "rtsps", "http", "https"];

    /// <summary>Parses <paramref name="source"/>; throws <see cref="FrameSourceException"/> naming the valid forms.</summary>
    public static FrameSourceSpec Parse(string? source)
    {
        var text = source?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw Invalid(source ?? "", "is empty");
        }

        if (text.Equals("webcam", StringComparison.OrdinalIgnoreCase))
        {
            return new(FrameSourceKind.Webcam, "/dev/video0");
        }

        if (text.StartsWith("webcam:", StringComparison.OrdinalIgnoreCase))
        {
            return int.TryParse(text["webcam:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? new(FrameSourceKind.Webcam, $"/dev/video{n}")
                : throw Invalid(text, "has no device number after 'webcam:'");
        }

        if (text.StartsWith("/dev/video", StringComparison.Ordinal))
        {
            return new(FrameSourceKind.Webcam, text);
        }

        if (text.Equals("synthetic", StringComparison.OrdinalIgnoreCase) || text.StartsWith("synthetic:", StringComparison.OrdinalIgnoreCase))
        {
            // Parsed here too, so a bad key stops the agent at start rather than when the source is built.
            SyntheticSourceSettings.Parse(text);
            return new(FrameSourceKind.Synthetic, text);
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            var scheme = text[..schemeEnd].ToLowerInvariant();
            if (!NetworkSchemes.Contains(scheme))
            {
                throw Invalid(text, $"uses the unsupported scheme '{scheme}'");
            }

            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0
                ? new(FrameSourceKind.Network, text)
                : throw Invalid(text, "is not a valid URL");
        }

        return File.Exists(text) ? new(FrameSourceKind.File, text) : throw Invalid(text, "is not an existing file");
    }

    private static FrameSourceException Invalid(string source, string why) =>
        new($"Source '{source}' {why}. Valid sources: {ValidForms}.");
}
