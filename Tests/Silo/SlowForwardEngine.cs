using EdgeVision.Inference.Batching;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// The silo's real <see cref="InferenceEngine"/> with a forward pass <paramref name="extra"/> longer: each outcome comes that
/// much later and reports that much more inference time, as a heavier model would.
/// </summary>
internal sealed class SlowForwardEngine(InferenceEngine engine, TimeSpan extra) : IInferenceEngine
{
    public int QueueDepth => engine.QueueDepth;

    public int CurrentMaxBatchSize => engine.CurrentMaxBatchSize;

    public int SetMaxBatchSize(int maxBatchSize) => engine.SetMaxBatchSize(maxBatchSize);

    public async Task<InferenceOutcome> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        var outcome = await engine.InferAsync(request, cancellationToken);
        await Task.Delay(extra, cancellationToken);
        return outcome with { InferenceDuration = outcome.InferenceDuration + extra, CompletedAt = outcome.CompletedAt + extra };
    }
}
