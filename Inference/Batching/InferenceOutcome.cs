using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Inference.Batching;

/// <summary>What became of one <see cref="InferenceRequest"/>.</summary>
/// <param name="Status">Completed (probabilities present) or Dropped (reason present).</param>
/// <param name="Probabilities">One per class, when completed.</param>
/// <param name="DropReason">
/// When dropped: <see cref="Contracts.Telemetry.DropReason.Stale"/> (past its deadline before a forward pass could
/// start), <see cref="Contracts.Telemetry.DropReason.Overload"/> (pending work at its bound) or
/// <see cref="Contracts.Telemetry.DropReason.Invalid"/> (the forward pass failed for its batch; see Detail).
/// </param>
/// <param name="Detail">A human-readable explanation of a drop.</param>
/// <param name="BatchSize">Sequences in the forward pass that served it (0 when dropped before one).</param>
/// <param name="QueueWait">Enqueue to batch start.</param>
/// <param name="InferenceDuration">Forward pass of the whole batch (after <see cref="NormalizeDuration"/>).</param>
/// <param name="CompletedAt">When the outcome was decided.</param>
/// <param name="ModelVersion">Checkpoint version that served it (empty when dropped before a forward pass).</param>
/// <param name="Labels">Class names of that checkpoint, index-aligned with <paramref name="Probabilities"/>; empty when dropped.</param>
public sealed record InferenceOutcome(
    InferenceStatus Status,
    float[]? Probabilities,
    DropReason? DropReason,
    string? Detail,
    int BatchSize,
    TimeSpan QueueWait,
    TimeSpan InferenceDuration,
    DateTimeOffset CompletedAt,
    string ModelVersion,
    IReadOnlyList<string>? Labels = null)
{
    /// <summary>
    /// Writing the whole batch's frames into the model input (normalisation), between batch start and the forward pass;
    /// zero when dropped before one.
    /// </summary>
    public TimeSpan NormalizeDuration { get; init; }

    /// <summary>The catalog key of the model that served it, with <see cref="ModelVersion"/>; empty when dropped before a forward pass.</summary>
    public string ModelKey { get; init; } = string.Empty;

    public static InferenceOutcome Dropped(DropReason reason, string detail, TimeSpan queueWait, DateTimeOffset at) =>
        new(InferenceStatus.Dropped, null, reason, detail, 0, queueWait, TimeSpan.Zero, at, string.Empty);
}
