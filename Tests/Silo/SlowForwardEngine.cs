using EdgeVision.Inference.Batching;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// The silo's real <see cref="InferenceEngine"/> with a forward pass <paramref name="extra"/> longer and its normalisation of
/// the batch input <paramref name="extraNormalize"/> longer: each outcome comes that much later and reports that much more
/// time in each, as a heavier model or larger frames would.
/// </summary>
internal sealed class SlowForwardEngine(InferenceEngine engine, TimeSpan extra, TimeSpan extraNormalize = default) : IInferenceEngine
{
    public int QueueDepth => engine.QueueDepth;

    public int CurrentMaxBatchSize => engine.CurrentMaxBatchSize;

    public int SetMaxBatchSize(int maxBatchSize) => engine.SetMaxBatchSize(maxBatchSize);

    public async Task<InferenceOutcome> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        var outcome = await engine.InferAsync(request, cancellationToken);
        await Task.Delay(extra + extraNormalize, cancellationToken);
        return outcome with
        {
            InferenceDuration = outcome.InferenceDuration + extra,
            NormalizeDuration = outcome.NormalizeDuration + extraNormalize,
            CompletedAt = outcome.CompletedAt + extra + extraNormalize,
        };
    }
}
