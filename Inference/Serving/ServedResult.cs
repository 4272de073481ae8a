using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Batching;

namespace EdgeVision.Inference.Serving;

/// <summary>A served sequence's result as it leaves <see cref="ServedCamera{TSequence}"/>, in sequence order.</summary>
/// <param name="Outcome">The engine's outcome (completed).</param>
/// <param name="Probabilities">One per class, index-aligned with the outcome's labels; never empty.</param>
/// <param name="Width">Width of the frames the model saw.</param>
/// <param name="Height">Height of the frames the model saw.</param>
/// <param name="Times">When the sequence passed each point on its way.</param>
/// <param name="ReleasedAt">When the result left (after any wait for earlier sequences): its completion time.</param>
/// <param name="EndToEnd">Capture of the last frame to <paramref name="ReleasedAt"/>.</param>
/// <param name="Parts">Where <paramref name="EndToEnd"/> went.</param>
public sealed record ServedResult(
    long SequenceNumber,
    InferenceOutcome Outcome,
    float[] Probabilities,
    int Width,
    int Height,
    SequenceTimes Times,
    DateTimeOffset ReleasedAt,
    TimeSpan EndToEnd,
    LatencyBreakdown Parts);
