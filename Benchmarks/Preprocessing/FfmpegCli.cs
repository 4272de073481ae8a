using System.Diagnostics;

namespace EdgeVision.Benchmarks.Preprocessing;

/// <summary>The baseline: the ffmpeg command line doing the same decode and scale (and JPEG encode), timed from start to exit.</summary>
internal static class FfmpegCli
{
    /// <summary>Decode and scale to side x side RGB24, written to /dev/null (what the edge hands its encoder).</summary>
    public static string ScaleArguments(string path, int side) =>
        $"-i {path} -vf scale={side}:{side} -f rawvideo -pix_fmt rgb24 -y /dev/null";

    /// <summary>Decode, scale and JPEG-encode every frame (ffmpeg's MJPEG encoder), written to /dev/null.</summary>
    public static string JpegArguments(string path, int side) =>
        $"-i {path} -vf scale={side}:{side} -c:v mjpeg -q:v 3 -f mjpeg -y /dev/null";

    public static async Task<PassResult> RunAsync(string arguments, int frames, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await RunAsync(arguments, cancellationToken);
        return new PassResult(clock.Elapsed, frames);
    }

    /// <summary>Runs <c>ffmpeg -hide_banner -loglevel error -nostdin ARGUMENTS</c>; throws with its stderr when it fails.</summary>
    public static async Task RunAsync(string arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error -nostdin {arguments}")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {arguments} exited with {process.ExitCode}: {await stderr}");
        }
    }
}
