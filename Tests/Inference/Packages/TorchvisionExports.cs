using System.Diagnostics;
using EdgeVision.Tests.Inference.Checkpoints;

namespace EdgeVision.Tests.Inference.Packages;

/// <summary>
/// torchvision video classifiers exported to ONNX once per test run by Debian's PyTorch (python3-torch,
/// python3-torchvision, python3-onnx, <c>scripts/export_video_model.py</c>): random weights from a fixed seed, 5
/// classes, 3 clips of 8 frames of 32x32 (S3D: 2 clips of 14 frames of 224x224, the smallest input its final pooling
/// takes), with the clips (uint8 and normalised) and PyTorch's logits beside each. <see cref="Missing"/> says why not
/// when PyTorch is absent.
/// </summary>
public sealed class TorchvisionExports : IAsyncLifetime
{
    public const string Trait = "PyTorch";

    /// <summary>The collection whose tests share one export.</summary>
    public const string Collection = "torchvision exports";

    /// <summary>The architectures exported to TorchScript too (<c>model.pt</c> beside <c>model.onnx</c>).</summary>
    public static readonly string[] TorchScript = ["r3d_18", "mc3_18"];

    /// <summary>The architectures exported; <c>streaming</c> is a small model with state between clips, for refusal.</summary>
    public static readonly string[] Architectures = ["r3d_18", "mc3_18", "r2plus1d_18", "s3d", "streaming"];

    // S3D's last pooling has a 2 x 7 x 7 kernel: 14 frames of 224 x 224 is the smallest input it runs at.
    private static readonly Dictionary<string, string[]> Inputs = new(StringComparer.Ordinal)
    {
        ["s3d"] = ["--frames", "14", "--size", "224", "--batch", "2"],
    };

    // Debian's interpreter: python3-torch is installed for it, not for a python3 that PATH may put first (pyenv).
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromMinutes(5);
    private readonly TemporaryDirectory directory = new();

    /// <summary>Why the exports are unavailable (PyTorch not installed); null when they exist.</summary>
    public string? Missing { get; private set; }

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Inference", "Packages", "export_video_model.py");

    /// <summary>The folder of <paramref name="architecture"/>'s files (model.onnx, labels.txt, frames.npy, input.npy, expected.npy; model.pt for those in <see cref="TorchScript"/>).</summary>
    public string Folder(string architecture) => Path.Combine(directory.Path, architecture);

    public string File(string architecture, string name) => Path.Combine(Folder(architecture), name);

    public async ValueTask InitializeAsync()
    {
        var (available, detail) = await RunAsync(["-c", "import torch, torchvision, onnx"]);
        if (!available)
        {
            Missing = $"PyTorch for {Python} is not installed (apt-get install python3-torch python3-torchvision python3-onnx; scripts/install-prerequisites.sh): {detail}";
            return;
        }

        var exports = await Task.WhenAll(Architectures.Select(a => RunAsync(
            [Script, "--arch", a, "--out", Folder(a), .. TorchScript.Contains(a) ? ["--torchscript"] : Array.Empty<string>(), .. Inputs.GetValueOrDefault(a, [])])));
        var failed = exports.Select((e, i) => (e, Architectures[i])).Where(x => !x.e.Ok).ToArray();
        if (failed.Length > 0)
        {
            throw new InvalidOperationException($"Exporting {string.Join(", ", failed.Select(f => $"{f.Item2}: {f.e.Detail}"))}");
        }
    }

    public ValueTask DisposeAsync()
    {
        directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<(bool Ok, string Detail)> RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(ExportTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (false, $"timed out after {ExportTimeout}");
            }

            return (process.ExitCode == 0, $"exit {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}".Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }
}
