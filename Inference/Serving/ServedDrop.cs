using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Batching;

namespace EdgeVision.Inference.Serving;

/// <summary>An accepted sequence that ends without a result, as <see cref="ServedCamera{TSequence}"/> reports it.</summary>
/// <param name="Detail">Why, for a log line.</param>
/// <param name="At">When the drop was decided.</param>
/// <param name="Outcome">The engine's outcome when the engine dropped it; null when it never got one.</param>
/// <param name="Error">An unexpected failure behind the drop, worth an error in the log; null for an ordinary drop.</param>
public sealed record ServedDrop(long SequenceNumber, DropReason Reason, string Detail, DateTimeOffset At, InferenceOutcome? Outcome = null, Exception? Error = null);
