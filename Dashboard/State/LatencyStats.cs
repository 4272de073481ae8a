namespace EdgeVision.Dashboard.State;

/// <summary>Latency percentiles over a camera's recent results (the last <c>Dashboard:HistorySize</c>), in milliseconds.</summary>
public sealed record LatencyStats(
    int Samples,
    double EndToEndP50Ms,
    double EndToEndP95Ms,
    double InferenceP50Ms,
    double InferenceP95Ms)
{
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Linear interpolation between closest ranks (NumPy's default), so p95 of few samples is not just the maximum.</summary>
    public static double Percentile(double[] sorted, double fraction)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = fraction * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }
}
