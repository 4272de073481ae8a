using System.ComponentModel;
using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Cli.Reports;

/// <summary>Summary of a set of latencies, in milliseconds; all zero when <see cref="Count"/> is 0.</summary>
[Description("Latencies in milliseconds over the whole run (not a rolling window). Percentiles interpolate linearly between closest ranks (NumPy's default, as the silo's performance monitor); every value is 0 when count is 0.")]
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

    /// <summary>Exact statistics of <paramref name="samples"/> (not modified).</summary>
    public static LatencyStats From(IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted);
        return new LatencyStats(sorted.Length, sorted.Average(), Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 95),
            Percentiles.Of(sorted, 99), sorted[0], sorted[^1]);
    }
}
