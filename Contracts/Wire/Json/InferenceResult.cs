using System.Collections.Immutable;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>
/// What a silo publishes on <c>edgevision/{site}/{camera}/results</c> for each sequence it classified.
/// Times are ISO 8601 with offset; latencies are milliseconds; <see cref="TopK"/> is sorted by confidence, highest first;
/// <see cref="TrueLabel"/> is present only for sequences whose source carried ground truth.
/// </summary>
/// <param name="LatencyBreakdown">Where <see cref="EndToEndLatencyMs"/> went; null from producers that do not measure it.</param>
/// <example>
/// <code language="json">
/// {
///   "site": "warehouse-1",
///   "camera": "dock-3",
///   "sequenceNumber": 1042,
///   "firstFrameIndex": 16672,
///   "lastFrameIndex": 16702,
///   "firstCaptureTime": "2026-11-25T18:46:21.120000+00:00",
///   "lastCaptureTime": "2026-11-25T18:46:22.120000+00:00",
///   "completedAt": "2026-11-25T18:46:22.310000+00:00",
///   "endToEndLatencyMs": 190.4,
///   "inferenceLatencyMs": 41.7,
///   "modelName": "r2plus1d_18",
///   "modelVersion": "kinetics400-v1",
///   "topK": [
///     { "label": "walking the dog", "classIndex": 388, "confidence": 0.82 },
///     { "label": "jogging", "classIndex": 172, "confidence": 0.09 }
///   ],
///   "adaptiveState": { "width": 224, "height": 224, "frameSkip": 1, "batchSize": 4, "targetFps": 15 },
///   "latencyBreakdown": { "edgeMs": 21.3, "transportMs": 4.1, "ingestMs": 2.2, "decodeMs": 6.8, "queueMs": 101.2, "forwardMs": 41.7, "otherMs": 13.1 },
///   "trueLabel": "walking the dog"
/// }
/// </code>
/// </example>
public sealed record InferenceResult(
    string Site,
    string Camera,
    long SequenceNumber,
    long FirstFrameIndex,
    long LastFrameIndex,
    DateTimeOffset FirstCaptureTime,
    DateTimeOffset LastCaptureTime,
    DateTimeOffset CompletedAt,
    double EndToEndLatencyMs,
    double InferenceLatencyMs,
    string ModelName,
    string ModelVersion,
    ImmutableArray<LabelScore> TopK,
    AdaptiveState AdaptiveState,
    LatencyBreakdown? LatencyBreakdown = null)
{
    /// <summary>
    /// The sequence's true class when its source knew what its frames show (the synthetic scenes): the label of most of
    /// its frames (<see cref="GroundTruth.SequenceLabel"/>). Null, and absent from the JSON, otherwise.
    /// </summary>
    public string? TrueLabel { get; init; }

    // Compares TopK by content; the compiler's equality would compare the arrays by reference.
    public bool Equals(InferenceResult? other) =>
        other is not null
        && Site == other.Site
        && Camera == other.Camera
        && SequenceNumber == other.SequenceNumber
        && FirstFrameIndex == other.FirstFrameIndex
        && LastFrameIndex == other.LastFrameIndex
        && FirstCaptureTime.Equals(other.FirstCaptureTime)
        && LastCaptureTime.Equals(other.LastCaptureTime)
        && CompletedAt.Equals(other.CompletedAt)
        && EndToEndLatencyMs.Equals(other.EndToEndLatencyMs)
        && InferenceLatencyMs.Equals(other.InferenceLatencyMs)
        && ModelName == other.ModelName
        && ModelVersion == other.ModelVersion
        && ContentEquality.SequenceEqual(TopK, other.TopK)
        && Equals(AdaptiveState, other.AdaptiveState)
        && Equals(LatencyBreakdown, other.LatencyBreakdown)
        && TrueLabel == other.TrueLabel;

    public override int GetHashCode() => HashCode.Combine(Site, Camera, SequenceNumber, ModelName, ModelVersion);
}
