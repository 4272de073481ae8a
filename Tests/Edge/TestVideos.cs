using System.Diagnostics;

namespace EdgeVision.Tests.Edge;

/// <summary>
/// Real video files made with the ffmpeg CLI in a temp folder, once per test class that uses them: tiny
/// (64x48, 10 fps, 20 frames) so the whole set encodes in well under a second.
/// </summary>
public sealed class TestVideos : IAsyncLifetime
{
    public const int Frames = 20;
    public const double Fps = 10;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "edgevision-edge-" + Guid.NewGuid().ToString("N"));

    public string Mp4H264 => Path.Combine(Directory, "h264.mp4");

    public string AviMjpeg => Path.Combine(Directory, "mjpeg.avi");

    public string Mkv => Path.Combine(Directory, "h264.mkv");

    /// <summary>65x47: odd sides, so row padding or 4:2:0 rounding bugs show (H.264 4:4:4 allows odd sizes).</summary>
    public string OddSize => Path.Combine(Directory, "odd-65x47.mp4");

    /// <summary>The AVI cut to half its bytes: the header still declares 20 frames.</summary>
    public string TruncatedAvi => Path.Combine(Directory, "truncated.avi");

    /// <summary>The MP4 cut to half its bytes: its index (moov, written last) is gone.</summary>
    public string TruncatedMp4 => Path.Combine(Directory, "truncated.mp4");

    public string NotVideo => Path.Combine(Directory, "notes.mp4");

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        const string Source = $"-f lavfi -i testsrc=size=64x48:rate=10 -frames:v 20";
        await Task.WhenAll(
            FfmpegAsync($"{Source} -c:v libx264 -pix_fmt yuv420p {Mp4H264}"),
            FfmpegAsync($"{Source} -c:v mjpeg -q:v 3 {AviMjpeg}"),
            FfmpegAsync($"{Source} -c:v libx264 -pix_fmt yuv420p {Mkv}"),
            FfmpegAsync($"-f lavfi -i testsrc=size=65x47:rate=10 -frames:v 20 -c:v libx264 -pix_fmt yuv444p {OddSize}"));
        Truncate(AviMjpeg, TruncatedAvi);
        Truncate(Mp4H264, TruncatedMp4);
        await File.WriteAllTextAsync(NotVideo, "This is a text file with a video extension.\n");
    }

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs the ffmpeg CLI (quiet, overwrite) and fails with its stderr when it fails.</summary>
    public static async Task FfmpegAsync(string arguments)
    {
        var start = new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error -nostdin -y {arguments}")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {arguments} exited with {process.ExitCode}: {stderr}");
        }
    }

    private static void Truncate(string from, string to)
    {
        var bytes = File.ReadAllBytes(from);
        File.WriteAllBytes(to, bytes[..(bytes.Length / 2)]);
    }
}
