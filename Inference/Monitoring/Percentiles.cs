namespace EdgeVision.Inference.Monitoring;

/// <summary>Percentiles by linear interpolation between closest ranks (NumPy's default, as the guide's monitor uses).</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="percentile"/> (0-100) of ascending <paramref name="sorted"/> values; 0 when empty.</summary>
    public static double Of(ReadOnlySpan<double> sorted, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.IsEmpty)
        {
            return 0;
        }

        var rank = percentile / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>Mean, p50, p95, p99 and max of <paramref name="values"/> (any order; not modified).</summary>
    public static LatencySummary Summarize(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return LatencySummary.Empty;
        }

        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, sorted.Average(), Of(sorted, 50), Of(sorted, 95), Of(sorted, 99), sorted[^1]);
    }
}
