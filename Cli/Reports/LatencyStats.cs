using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>Summary of a set of latencies, in milliseconds; all zero when <see cref="Count"/> is 0.</summary>
[Description("Latencies in milliseconds over the whole run (not a rolling window). Percentiles use linear interpolation between closest ranks; every value is 0 when count is 0.")]
public sealed record LatencyStats(
    [property: Description("Number of samples.")] int Count,
    [property: Description("Arithmetic mean (ms).")] double Mean,
    [property: Description("Median (ms).")] double P50,
    [property: Description("95th percentile (ms).")] double P95,
    [property: Description("99th percentile (ms).")] double P99,
    [property: Description("Smallest sample (ms).")] double Min,
    [property: Description("Largest sample (ms).")] double Max)
{
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Exact statistics of <paramref name="samples"/> (the list is not modified).</summary>
    public static LatencyStats From(IReadOnlyCollection<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return Empty;
        }

        var sorted = samples.Order().ToArray();
        return new LatencyStats(sorted.Length, sorted.Average(), Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99),
            sorted[0], sorted[^1]);
    }

    /// <summary>The <paramref name="percent"/>th percentile of ascending <paramref name="sorted"/> (linear between closest ranks).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var rank = percent / 100 * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }
}
