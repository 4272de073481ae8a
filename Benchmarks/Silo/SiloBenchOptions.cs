using System.Globalization;
using static EdgeVision.Benchmarks.ScenarioArguments;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// Command-line options shared by the silo scenarios (<c>silo-batching</c>, <c>silo-overload</c>, <c>silo-efficiency</c>):
/// <c>--cameras 8 --size 112 --sequence-length 8 --max-batch 8 --target-latency 1000 --max-latency 2000 --seconds 12
/// --warmup 6 --repeats 2 --rates 2,4,6,8 --threads 0 --format rgb24 --port 0 --controller-warmup S --models DIR</c>.
/// <c>--controller-warmup</c> sets the silo's <c>Silo:LatencyController:WarmupSeconds</c> (unset: the product default). <c>--rates</c> are offered
/// sequences per second summed over the cameras; unset, they are derived from a model-only measurement in the same run.
/// </summary>
internal sealed record SiloBenchOptions(
    int Cameras,
    int Size,
    int SequenceLength,
    int MaxBatch,
    double TargetLatencyMs,
    double MaxLatencyMs,
    double Seconds,
    double WarmupSeconds,
    int Repeats,
    IReadOnlyList<double> Rates,
    int Threads,
    string Format,
    int BrokerPort,
    double? ControllerWarmupSeconds,
    string? DegradeOrder,
    int? HeapRetainBytes,
    string ModelsDirectory,
    string? Error)
{
    public TimeSpan Measure => TimeSpan.FromSeconds(Seconds);

    public TimeSpan Warmup => TimeSpan.FromSeconds(WarmupSeconds);

    /// <summary>The command line that reproduces these options (for the printed table).</summary>
    public string Describe() => FormattableString.Invariant(
        $"--cameras {Cameras} --size {Size} --sequence-length {SequenceLength} --max-batch {MaxBatch} --target-latency {TargetLatencyMs} --max-latency {MaxLatencyMs} --seconds {Seconds} --warmup {WarmupSeconds} --repeats {Repeats} --threads {Threads} --format {Format}") +
        (ControllerWarmupSeconds is { } grace ? FormattableString.Invariant($" --controller-warmup {grace}") : "") +
        (DegradeOrder is { } order ? $" --degrade-order {order}" : "") +
        (HeapRetainBytes is { } retain ? FormattableString.Invariant($" --heap-retain {retain}") : "") +
        (Rates.Count > 0 ? " --rates " + string.Join(",", Rates.Select(r => r.ToString("0.##", CultureInfo.InvariantCulture))) : "");

    public static SiloBenchOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        var models = values.GetValueOrDefault("--models") ?? FindModels();
        try
        {
            var options = new SiloBenchOptions(
                Int(values, "--cameras", 8), Int(values, "--size", 112), Int(values, "--sequence-length", 8), Int(values, "--max-batch", 8),
                Double(values, "--target-latency", 1000), Double(values, "--max-latency", 2000), Double(values, "--seconds", 12),
                Double(values, "--warmup", 6), Int(values, "--repeats", 2),
                values.TryGetValue("--rates", out var rates) ? [.. rates.Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture))] : [],
                Int(values, "--threads", 0), values.GetValueOrDefault("--format") ?? "rgb24", Int(values, "--port", 0),
                values.ContainsKey("--controller-warmup") ? Double(values, "--controller-warmup", 0) : null, values.GetValueOrDefault("--degrade-order"),
                values.ContainsKey("--heap-retain") ? Int(values, "--heap-retain", 0) : null, models ?? string.Empty, null);
            return models is null || !File.Exists(Path.Combine(models, "conv3d.ckpt"))
                ? options with { Error = "conv3d.ckpt not found: pass --models with the repository's models folder." }
                : options.Cameras < 1 || options.Size < 16 || options.Repeats < 1 || options.Seconds <= 0 || options.Rates.Any(r => r <= 0)
                    ? options with { Error = "--cameras, --size (>= 16), --repeats, --seconds and every --rates value must be positive." }
                    : options;
        }
        catch (FormatException ex)
        {
            return new SiloBenchOptions(0, 0, 0, 0, 0, 0, 0, 0, 0, [], 0, "", 0, null, null, null, "", $"A number did not parse: {ex.Message}");
        }
    }
}
