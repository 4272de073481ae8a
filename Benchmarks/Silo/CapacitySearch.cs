using EdgeVision.Edge.Sources;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// Capacity measured in the run: offered rates are tried in ascending order (a fresh silo and fresh edges each) until a
/// step's p99 goes over the maximum latency or the silo sheds more than <see cref="ShedTolerance"/> of the sequences
/// assembled in the measurement window (stale, overload; a fresh silo's start-up drops in the warm-up do not count);
/// the capacity is the highest goodput of a step whose p99 stayed within the maximum latency. With no <c>--rates</c>, the steps start at half the
/// model-only batch-1 rate measured in the same run and grow by 25 % (at most <see cref="MaxSteps"/>), the same grid for
/// every mode compared.
/// </summary>
internal static class CapacitySearch
{
    public const int MaxSteps = 20;
    public const double Growth = 1.25;

    /// <summary>Shed sequences, as a fraction of those assembled in the window, that still count as keeping up (noise).</summary>
    public const double ShedTolerance = 0.02;

    /// <summary>
    /// The offered rates, up to what the cameras' synthetic sources can render (<see cref="MaxOffered"/>): with small frames
    /// the silo can outrun them, and the search then reports the largest rate it could offer.
    /// </summary>
    public static IReadOnlyList<double> Steps(SiloBenchOptions options, double start) =>
        [.. (options.Rates.Count > 0 ? options.Rates.Order() : Enumerable.Range(0, MaxSteps).Select(i => Math.Round(start * Math.Pow(Growth, i), 2)))
            .Where(rate => rate <= MaxOffered(options))];

    /// <summary>Sequences per second the cameras can offer at most: each renders at most SyntheticSourceSettings.MaxFps frames a second.</summary>
    public static double MaxOffered(SiloBenchOptions options) =>
        Math.Floor(100.0 * SyntheticSourceSettings.MaxFps * options.Cameras / options.SequenceLength) / 100;

    public static async Task<(double Capacity, RunResult? AtCapacity, List<RunResult> Runs)> FindAsync(
        int brokerPort, SiloMode mode, IReadOnlyList<double> steps, SiloBenchOptions options, CancellationToken cancellationToken)
    {
        List<RunResult> runs = [];
        RunResult? best = null;
        foreach (var rate in steps)
        {
            var run = await SiloRun.RunAsync(brokerPort, mode, rate, options, cancellationToken);
            runs.Add(run);
            Console.WriteLine("  " + run.Line());
            var within = run.Latencies.Length > 0 && run.P99 <= options.MaxLatencyMs;
            if (within && (best is null || run.Goodput > best.Goodput))
            {
                best = run;
            }

            // Falling behind shows as p99 over the maximum or sequences shed at the silo (stale, overload) in the window; a
            // window's result count alone swings by +-10 % at these rates (results lag the sequences assembled in it). The
            // warm-up's drops are a fresh silo's start-up (first forward passes, 8 cameras connecting), not its capacity.
            var assembled = run.AssembledRate * options.Measure.TotalSeconds;
            if (!within || run.WindowSiloDrops > ShedTolerance * Math.Max(1, assembled))
            {
                break;
            }
        }

        return (best?.Goodput ?? 0, best, runs);
    }
}
