using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Inference.Control;

/// <summary>One change the latency controller made, with what it saw.</summary>
/// <param name="Previous">Settings before.</param>
/// <param name="Next">Settings after (apply these).</param>
/// <param name="Action">Which knob moved.</param>
/// <param name="Reason">Why, with the figures: e.g. "p95 143.0 ms over target 100 ms (24 samples), 3 drops; forward-bound: ...".</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Cause">What the latency was bound by: the part the knob shrinks, <see cref="LatencyCause.Overload"/> for drops or a
/// backlog, <see cref="LatencyCause.WithinTarget"/> for a restoring step.</param>
/// <param name="ExpectedAccuracy">The model's measured top-1 accuracy at <paramref name="Next"/>; null when it has no such measurement.</param>
public sealed record AdaptiveDecision(
    AdaptiveSettings Previous,
    AdaptiveSettings Next,
    AdaptiveAction Action,
    string Reason,
    DateTimeOffset DecidedAt,
    LatencyCause Cause = LatencyCause.Unattributed,
    double? ExpectedAccuracy = null)
{
    /// <summary>True for the steps taken under load, false for restoring steps.</summary>
    public bool IsDegradation => Action is AdaptiveAction.IncreaseBatchSize or AdaptiveAction.IncreaseFrameSkip or AdaptiveAction.ReduceResolution;
}
