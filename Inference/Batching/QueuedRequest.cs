namespace EdgeVision.Inference.Batching;

/// <summary>A request held by the <see cref="DynamicBatcher{T}"/> with the caller's state.</summary>
/// <param name="Request">The request.</param>
/// <param name="State">What the caller needs to complete it (the engine keeps its task source here).</param>
/// <param name="EnqueuedAt">When it entered the batcher.</param>
/// <param name="FlushBy">When its result should be out: the earlier of CapturedAt + target latency and its deadline.</param>
public sealed record QueuedRequest<T>(InferenceRequest Request, T State, DateTimeOffset EnqueuedAt, DateTimeOffset FlushBy);
