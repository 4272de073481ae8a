using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Silo.Serialization;

/// <summary>How Orleans carries a camera's <see cref="LatencySummary"/> windows in its stats.</summary>
[RegisterConverter]
internal sealed class LatencySummaryConverter : IConverter<LatencySummary, LatencySummarySurrogate>
{
    public LatencySummary ConvertFromSurrogate(in LatencySummarySurrogate surrogate) =>
        new(surrogate.Count, surrogate.Mean, surrogate.P50, surrogate.P95, surrogate.P99, surrogate.Max);

    public LatencySummarySurrogate ConvertToSurrogate(in LatencySummary value) =>
        new(value.Count, value.Mean, value.P50, value.P95, value.P99, value.Max);
}
