namespace EdgeVision.Inference.Batching;

/// <summary>What <see cref="DynamicBatcher{T}.Poll"/> found at one instant.</summary>
/// <param name="Stale">Requests past their deadline, or that would pass it during the batch's learned forward time, removed: complete them as stale drops.</param>
/// <param name="Batch">A batch to run now (one group, most urgent first), or null.</param>
/// <param name="Key">The group of <paramref name="Batch"/>.</param>
/// <param name="NextDueAt">When the next batch falls due if nothing else arrives; null when nothing is pending.</param>
public sealed record BatchPoll<T>(
    IReadOnlyList<QueuedRequest<T>> Stale,
    IReadOnlyList<QueuedRequest<T>>? Batch,
    BatchKey? Key,
    DateTimeOffset? NextDueAt);
