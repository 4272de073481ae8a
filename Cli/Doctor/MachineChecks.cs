using System.Diagnostics;
using EdgeVision.Inference.Runtime;
using OpenCvSharp;
using TorchSharp;

namespace EdgeVision.Cli.Doctor;

/// <summary>The checks <c>edgevision doctor</c> runs, in this process as the other commands would run.</summary>
internal static class MachineChecks
{
    public static IEnumerable<MachineCheck> All() =>
    [
        new("libtorch",
            "run scripts/install-prerequisites.sh and rebuild; if it still fails, `ldd` on libLibTorchSharp.so in the output folder names the missing library",
            Torch),
        new("opencv", "run scripts/install-prerequisites.sh (OpenCvSharp's runtime needs libgtk-3-0)", OpenCv),
        new("ffmpeg", "apt-get install ffmpeg (network and webcam sources run the ffmpeg CLI)", FfmpegCli),
        new("heap", $"let edgevision restart itself with MALLOC_ARENA_MAX=1 at start: remove {NativeHeap.OneArenaVariable}=0 or another MALLOC_ARENA_MAX from its environment", Heap),
    ];

    private static CheckResult Torch()
    {
        using var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using var product = a.matmul(a.t());
        var value = product[1, 1].item<float>();
        var device = torch.cuda.is_available() ? $"CUDA ({torch.cuda.device_count()} device(s))" : "CPU";
        return new CheckResult(value == 50f,
            $"libtorch loaded, device {device}, {torch.get_num_threads()} threads, 2x3 matmul check {(value == 50f ? "passed" : $"gave {value}")}");
    }

    private static CheckResult Heap()
    {
        var probe = HeapProbe.OnNewThread();
        return new CheckResult(probe.StaysInHeap, probe.Detail);
    }

    private static CheckResult OpenCv()
    {
        using var bgr = new Mat(2, 2, MatType.CV_8UC3, new OpenCvSharp.Scalar(255, 0, 0));
        using var rgb = new Mat();
        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
        var pixel = rgb.At<Vec3b>(0, 0);
        var ffmpegBackend = Cv2.GetBuildInformation().Contains("FFMPEG:                      YES", StringComparison.Ordinal)
            || Cv2.GetBuildInformation().Contains("FFMPEG: YES", StringComparison.Ordinal);
        return new CheckResult(pixel.Item2 == 255,
            $"OpenCV {Cv2.GetVersionString()}, file decoding via FFmpeg {(ffmpegBackend ? "available" : "not reported")}");
    }

    private static CheckResult FfmpegCli()
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", "-hide_banner -version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("ffmpeg could not be started.");
        var firstLine = process.StandardOutput.ReadLine() ?? "";
        process.WaitForExit(TimeSpan.FromSeconds(10));
        return new CheckResult(process.ExitCode == 0, firstLine);
    }
}
