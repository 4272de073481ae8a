using System.Globalization;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Sources.Ffmpeg;

namespace EdgeVision.Benchmarks.Preprocessing;

/// <summary>
/// Preprocessing frames/s of the edge pipeline (decode, resize to 224 and 112, RGB, 16-frame sequences, JPEG)
/// over a generated 640x480 H.264 file, through the OpenCV file source and through the ffmpeg pipe source (the
/// RTSP path; full frames, or scaled by ffmpeg before the pipe), against the <c>ffmpeg</c> CLI decoding and
/// scaling the same file to the same size in the same run.
/// Variants take turns within each repetition so they share the machine's load; medians and ratios are printed.
/// Then the synthetic camera's render rate, unpaced, against the 30 fps it is paced at.
/// </summary>
public sealed class PreprocessingScenario : IScenario
{
    private const string Baseline = "ffmpeg CLI: decode + scale to rgb24 (baseline)";

    public string Name => "preprocessing";

    public string Description =>
        "Edge preprocessing frames/s (640x480 H.264 -> 224/112 RGB sequences -> JPEG) vs the ffmpeg CLI decoding + scaling the same file; synthetic camera render rate.";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = PreprocessingOptions.Parse(args);
        var directory = Directory.CreateTempSubdirectory("edgevision-preprocessing-");
        try
        {
            var video = Path.Combine(directory.FullName, "camera-640x480.mp4");
            // A camera-like stream: x264 at its default preset, 30 fps, a keyframe every 250 frames.
            await FfmpegCli.RunAsync($"-f lavfi -i testsrc2=size=640x480:rate=30 -frames:v {options.Frames} -c:v libx264 -pix_fmt yuv420p -y {video}", cancellationToken);
            Console.WriteLine($"{options.Frames} frames of 640x480 H.264 (testsrc2, libx264 default preset, yuv420p); {Environment.ProcessorCount} cores; " +
                $"{options.Repetitions} timed repetitions after one warm-up, variants interleaved; JPEG quality {options.JpegQuality}.");
            Console.WriteLine();
            Console.WriteLine("| side | variant | median frames/s | min - max | vs ffmpeg CLI decode + scale | JPEG bytes/frame |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var side in options.Sides)
            {
                await MeasureSideAsync(video, side, options, cancellationToken);
            }

            Console.WriteLine();
            await MeasureSyntheticAsync(options, cancellationToken);
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task MeasureSideAsync(string video, int side, PreprocessingOptions options, CancellationToken cancellationToken)
    {
        var frames = options.Frames;
        var variants = new (string Name, Func<Task<PassResult>> Run)[]
        {
            ("Edge: OpenCV file source -> resize -> RGB -> sequences -> JPEG",
                () => EdgePipelineRun.RunAsync(new FileFrameSource(video, Playback.Unpaced), frames, side, options.JpegQuality, cancellationToken)),
            ("Edge: ffmpeg pipe source (640x480 BGR) -> same",
                () => EdgePipelineRun.RunAsync(new FfmpegFrameSource(FfmpegInput.File(video)), frames, side, options.JpegQuality, cancellationToken)),
            ("Edge: ffmpeg pipe source scaling in ffmpeg (side x side BGR) -> same",
                () => EdgePipelineRun.RunAsync(new FfmpegFrameSource(FfmpegInput.File(video), new FfmpegSourceOptions { Width = side, Height = side }),
                    frames, side, options.JpegQuality, cancellationToken)),
            (Baseline, () => FfmpegCli.RunAsync(FfmpegCli.ScaleArguments(video, side), frames, cancellationToken)),
            ("ffmpeg CLI: decode + scale + MJPEG encode", () => FfmpegCli.RunAsync(FfmpegCli.JpegArguments(video, side), frames, cancellationToken)),
        };
        var results = variants.Select(_ => new List<PassResult>()).ToArray();
        for (var repetition = 0; repetition <= options.Repetitions; repetition++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var result = await variants[v].Run();
                if (repetition > 0)
                {
                    results[v].Add(result);
                }
            }
        }

        var baseline = Median(results[Array.FindIndex(variants, v => v.Name == Baseline)].Select(r => r.FramesPerSecond));
        for (var v = 0; v < variants.Length; v++)
        {
            var rates = results[v].Select(r => r.FramesPerSecond).ToList();
            var median = Median(rates);
            var jpeg = results[v][0].JpegBytesPerFrame is { } bytes ? bytes.ToString("F0", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {side} | {variants[v].Name} | {median:F0} | {rates.Min():F0} - {rates.Max():F0} | {median / baseline:F2}x | {jpeg} |"));
        }
    }

    private static async Task MeasureSyntheticAsync(PreprocessingOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine("| synthetic camera (unpaced render) | median frames/s | min - max | vs its 30 fps pace |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var spec in new[] { "synthetic", "synthetic:frames_per_action=32", "synthetic:class=rotate_clockwise", "synthetic:width=640,height=480" })
        {
            var settings = SyntheticSourceSettings.Parse(spec);
            var rates = new List<double>();
            for (var repetition = 0; repetition <= options.Repetitions; repetition++)
            {
                var result = await SyntheticRun.RunAsync(settings, options.Frames, cancellationToken);
                if (repetition > 0)
                {
                    rates.Add(result.FramesPerSecond);
                }
            }

            var median = Median(rates);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{spec}` ({settings.Width}x{settings.Height}) | {median:F0} | {rates.Min():F0} - {rates.Max():F0} | {median / settings.Fps:F1}x |"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
