using EdgeVision.Inference.Packages;
using static EdgeVision.Benchmarks.ScenarioArguments;

namespace EdgeVision.Benchmarks.Inference;

/// <summary>
/// Command-line options of <see cref="EngineBatchingScenario"/>: <c>--cameras 8 --max-batch 8 --seconds 10 --repeats 3
/// --threads 2 --target-latency 100 --max-latency 200</c> and the model: <c>--models DIR</c> (the shipped conv3d
/// checkpoint in the repository's models folder, the default) or <c>--package FILE.evpkg</c> (an imported model package,
/// served under its file name).
/// </summary>
internal sealed record ScenarioOptions(
    int Cameras, int MaxBatch, double Seconds, int Repeats, int Threads, double TargetLatencyMs, double MaxLatencyMs, string ModelsDirectory, string? Package, string? Error)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    /// <summary>The catalog key served: the package's file name without extension, else the shipped conv3d.</summary>
    public string Model => Package is null ? "conv3d" : Path.GetFileNameWithoutExtension(Package);

    public static ScenarioOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        var models = values.GetValueOrDefault("--models") ?? FindModels();
        var package = values.GetValueOrDefault("--package");
        var options = new ScenarioOptions(
            Int(values, "--cameras", 8), Int(values, "--max-batch", 8), Double(values, "--seconds", 10), Int(values, "--repeats", 3), Int(values, "--threads", 2),
            Double(values, "--target-latency", 100), Double(values, "--max-latency", 200), models ?? string.Empty, package is null ? null : Path.GetFullPath(package), null);
        return (package, models) switch
        {
            ({ } file, _) when !File.Exists(file) || !ModelPackage.IsPackage(file) =>
                options with { Error = $"--package must name a model package (*{ModelPackage.Extension}, edgevision models import); was '{file}'." },
            (null, _) when models is null || !File.Exists(Path.Combine(models, "conv3d.ckpt")) =>
                options with { Error = "conv3d.ckpt not found: pass --models with the repository's models folder, or --package with a model package." },
            _ => options,
        };
    }
}
