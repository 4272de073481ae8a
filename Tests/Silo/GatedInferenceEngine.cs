using EdgeVision.Inference.Batching;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// The silo's real <see cref="InferenceEngine"/> behind an <see cref="InferenceGate"/>: a request waits at the gate (held,
/// so its sequence stays accepted and unfinished) until the test opens it, then runs through the engine unchanged.
/// </summary>
internal sealed class GatedInferenceEngine(InferenceEngine engine, InferenceGate gate) : IInferenceEngine
{
    public int QueueDepth => engine.QueueDepth;

    public int CurrentMaxBatchSize => engine.CurrentMaxBatchSize;

    public int SetMaxBatchSize(int maxBatchSize) => engine.SetMaxBatchSize(maxBatchSize);

    public async Task<InferenceOutcome> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        await gate.PassAsync(cancellationToken);
        return await engine.InferAsync(request, cancellationToken);
    }
}
