namespace EdgeVision.Inference.Monitoring;

/// <summary>Mean and percentiles of a latency window, in milliseconds; all zero for an empty window.</summary>
public sealed record LatencySummary(int Count, double Mean, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
