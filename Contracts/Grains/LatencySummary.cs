namespace EdgeVision.Contracts.Grains;

/// <summary>Mean and percentiles of a latency window, in milliseconds; all zero for an empty window.</summary>
[GenerateSerializer, Immutable, Alias("edgevision.LatencySummary")]
public sealed record LatencySummary(
    [property: Id(0)] int Count,
    [property: Id(1)] double Mean,
    [property: Id(2)] double P50,
    [property: Id(3)] double P95,
    [property: Id(4)] double P99,
    [property: Id(5)] double Max)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
