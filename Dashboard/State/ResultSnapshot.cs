using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Dashboard.State;

/// <summary>One result as the dashboard shows it: the top prediction first, then the rest of the message.</summary>
/// <param name="ReceivedAt">When the dashboard received it (its own clock, so ages do not depend on the silo's).</param>
/// <param name="TrueLabel">The sequence's true class, when its source carried ground truth.</param>
public sealed record ResultSnapshot(
    long SequenceNumber,
    string Label,
    double Confidence,
    IReadOnlyList<LabelScore> TopK,
    double EndToEndLatencyMs,
    double InferenceLatencyMs,
    string ModelName,
    string ModelVersion,
    DateTimeOffset CompletedAt,
    DateTimeOffset ReceivedAt,
    AdaptiveState AdaptiveState,
    string? TrueLabel,
    LatencyBreakdown? LatencyBreakdown = null)
{
    /// <summary>Whether the top label was the true one; null without a true label.</summary>
    public bool? Correct => TrueLabel is null ? null : Label == TrueLabel;

    public static ResultSnapshot From(InferenceResult result, DateTimeOffset receivedAt) => new(
        result.SequenceNumber,
        result.TopK[0].Label,
        result.TopK[0].Confidence,
        result.TopK,
        result.EndToEndLatencyMs,
        result.InferenceLatencyMs,
        result.ModelName,
        result.ModelVersion,
        result.CompletedAt,
        receivedAt,
        result.AdaptiveState,
        result.TrueLabel,
        result.LatencyBreakdown);
}
