using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Edge.Accountability;

/// <summary>A sequence the <see cref="SequenceLedger"/> settled: its identity, what settled it and the outcome it was counted under.</summary>
/// <param name="NewFrames">The frames it settles: those no earlier sequence carried.</param>
/// <param name="Outcome">The <c>outcome</c> tag it was counted under: <c>result</c>, or its drop reason's tag.</param>
/// <param name="Reason">The drop reason; null for a result.</param>
/// <param name="Republished">Whether it had been published a second time.</param>
/// <param name="Result">The result that settled it (<see cref="SettledBy.Result"/>).</param>
/// <param name="Notice">The silo's drop notice that settled it (<see cref="SettledBy.SiloDrop"/>).</param>
public sealed record SettledSequence(
    long SequenceNumber,
    DateTimeOffset FirstCapture,
    long FirstFrameIndex,
    int NewFrames,
    SettledBy By,
    string Outcome,
    DropReason? Reason,
    bool Republished,
    InferenceResult? Result = null,
    DropNotice? Notice = null);
