using System.Globalization;
using EdgeVision.Inference.Models;
using static EdgeVision.Benchmarks.ScenarioArguments;

namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// Options of <see cref="DeviceCheckScenario"/>: <c>--device cuda|cpu --models conv3d,convlstm,transformer,hybrid
/// --packages A.evpkg,B.evpkg --batches 1,8,32 --repetitions 20 --threads 2 --clips-seed 2000003 --models-dir DIR
/// --output FILE</c>. <c>--device</c> names the device under test; the baseline is always the CPU with <c>--threads</c>
/// threads. <c>--packages</c> alone checks only those packages; with <c>--models</c>, both.
/// </summary>
internal sealed record DeviceCheckOptions
{
    public const string Cuda = "cuda";

    public const string Cpu = "cpu";

    public static IReadOnlyList<string> Devices { get; } = [Cuda, Cpu];

    public string Device { get; init; } = Cuda;

    public IReadOnlyList<string> Models { get; init; } = VideoModelKinds.All;

    /// <summary>Model packages (<c>*.evpkg</c>, ONNX or TorchScript) checked after the checkpoints.</summary>
    public IReadOnlyList<string> Packages { get; init; } = [];

    public IReadOnlyList<int> Batches { get; init; } = [1, 8, 32];

    public int Repetitions { get; init; } = 20;

    public int Threads { get; init; } = 2;

    /// <summary>Seed of the synthetic clips fed to both devices (the one <c>edgevision evaluate</c> uses: no training saw it).</summary>
    public int ClipsSeed { get; init; } = 2_000_003;

    public string? ModelsDirectory { get; init; } = ScenarioArguments.FindModels();

    public string? Output { get; init; }

    public static DeviceCheckOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DeviceCheckOptions();
        var modelsNamed = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            modelsNamed |= args[i] == "--models";
            options = args[i] switch
            {
                "--device" => options with { Device = DeviceName(Value()) },
                "--models" => options with { Models = Kinds(Value()) },
                "--packages" => options with { Packages = PackagePaths(Value()) },
                "--batches" => options with { Batches = List("--batches", Value()) },
                "--repetitions" => options with { Repetitions = Positive("--repetitions", Value()) },
                "--threads" => options with { Threads = Positive("--threads", Value()) },
                "--clips-seed" => options with { ClipsSeed = Positive("--clips-seed", Value()) },
                "--models-dir" => options with { ModelsDirectory = Value() },
                "--output" => options with { Output = Value() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --device --models --packages --batches --repetitions --threads --clips-seed --models-dir --output."),
            };
        }

        if (options.Packages.Count > 0 && !modelsNamed)
        {
            options = options with { Models = [] };
        }

        if (options.Models.Count > 0 && options.ModelsDirectory is null)
        {
            throw new ArgumentException("--models-dir: no models/ folder holding conv3d.ckpt was found above the binary; pass --models-dir.");
        }

        return options;
    }

    private static string[] PackagePaths(string value)
    {
        var paths = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return paths.Length > 0 && paths.All(EdgeVision.Inference.Packages.ModelPackage.IsPackage)
            ? paths
            : throw new ArgumentException($"--packages takes comma-separated model packages (*{EdgeVision.Inference.Packages.ModelPackage.Extension}); was '{value}'.");
    }

    private static string DeviceName(string value)
    {
        var device = value.Trim().ToLowerInvariant();
        return Devices.Contains(device)
            ? device
            : throw new ArgumentException($"--device must be one of {string.Join(", ", Devices)} (was '{value}').");
    }
}
