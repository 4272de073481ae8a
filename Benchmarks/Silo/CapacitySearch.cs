namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// Capacity measured in the run: offered rates are tried in ascending order (a fresh silo and fresh edges each) and the
/// capacity is the highest goodput of a step whose p99 stayed within the maximum latency; the search stops at the first
/// step over it. With no <c>--rates</c>, the steps are fractions of the model-only rate at that mode's batch size.
/// </summary>
internal static class CapacitySearch
{
    public static readonly double[] Fractions = [0.5, 0.7, 0.85, 1.0];

    public static IReadOnlyList<double> Steps(SiloBenchOptions options, double modelOnlyRate) =>
        options.Rates.Count > 0 ? [.. options.Rates.Order()] : [.. Fractions.Select(f => Math.Round(f * modelOnlyRate, 2))];

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
            if (!within)
            {
                break;
            }

            if (best is null || run.Goodput > best.Goodput)
            {
                best = run;
            }
        }

        return (best?.Goodput ?? 0, best, runs);
    }
}
