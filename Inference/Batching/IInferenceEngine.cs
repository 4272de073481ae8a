namespace EdgeVision.Inference.Batching;

/// <summary>Cross-camera dynamic batching in front of the models of one process (one per silo).</summary>
public interface IInferenceEngine
{
    /// <summary>
    /// Queues <paramref name="request"/> for a forward pass. Never throws for load or staleness (the outcome says
    /// Dropped with the reason). Takes ownership of the request's frames, also when it throws: they are released
    /// once written into a batch, dropped or cancelled.
    /// </summary>
    /// <exception cref="ArgumentException">The request can never be valid: unknown model key, or a channel count the model does not take.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before an outcome.</exception>
    /// <exception cref="ObjectDisposedException">The engine is shutting down.</exception>
    Task<InferenceOutcome> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Requests waiting for a forward pass.</summary>
    int QueueDepth { get; }

    /// <summary>The batch size limit in force, as set by the controller; at most the configured MaxBatchSize (1 with batching disabled).</summary>
    int CurrentMaxBatchSize { get; }

    /// <summary>Sets <see cref="CurrentMaxBatchSize"/> (clamped to 1..MaxBatchSize) and returns the value in force.</summary>
    int SetMaxBatchSize(int maxBatchSize);
}
