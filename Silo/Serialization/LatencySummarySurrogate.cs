using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Silo.Serialization;

/// <summary><see cref="LatencySummary"/> as Orleans writes it in <see cref="Grains.CameraStats"/> (<see cref="LatencySummaryConverter"/>).</summary>
[GenerateSerializer, Immutable, Alias("edgevision.LatencySummary")]
internal readonly record struct LatencySummarySurrogate(
    [property: Id(0)] int Count,
    [property: Id(1)] double Mean,
    [property: Id(2)] double P50,
    [property: Id(3)] double P95,
    [property: Id(4)] double P99,
    [property: Id(5)] double Max);
