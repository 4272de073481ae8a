using System.Globalization;
using static EdgeVision.Benchmarks.ScenarioArguments;

namespace EdgeVision.Benchmarks.Inference;

/// <summary>Command-line options of <see cref="EngineBatchingScenario"/>: <c>--cameras 8 --max-batch 8 --seconds 10 --repeats 3 --threads 2 --models DIR</c>.</summary>
internal sealed record ScenarioOptions(int Cameras, int MaxBatch, double Seconds, int Repeats, int Threads, double TargetLatencyMs, double MaxLatencyMs, string ModelsDirectory, string? Error)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    public static ScenarioOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        var models = values.GetValueOrDefault("--models") ?? FindModels();
        var options = new ScenarioOptions(
            Int(values, "--cameras", 8), Int(values, "--max-batch", 8), Double(values, "--seconds", 10), Int(values, "--repeats", 3), Int(values, "--threads", 2),
            Double(values, "--target-latency", 100), Double(values, "--max-latency", 200), models ?? string.Empty, null);
        return models is null || !File.Exists(Path.Combine(models, "conv3d.ckpt"))
            ? options with { Error = "conv3d.ckpt not found: pass --models with the repository's models folder." }
            : options;
    }
}
