using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Inference.Batching;

/// <summary>
/// How the silo's inference engine queues and predicts (the latency budget itself is <see cref="InferenceConfig"/>).
/// The silo binds it from <c>Silo:InferenceEngine</c>.
/// </summary>
public sealed class InferenceEngineOptions
{
    /// <summary>The largest <see cref="ProbeAfterMs"/> accepted (it bounds how long the late-drop may keep a camera without a forward pass).</summary>
    public const double MaxProbeAfterMs = 10_000;

    /// <summary>Requests waiting for a forward pass, across all cameras; beyond it one is dropped as overload.</summary>
    public int MaxPendingRequests { get; set; } = 64;

    /// <summary>Which request makes room when <see cref="MaxPendingRequests"/> is reached.</summary>
    public OverloadPolicy OverloadPolicy { get; set; } = OverloadPolicy.DropOldest;

    /// <summary>
    /// Longest a request waits for company before its (partial) batch runs, in milliseconds, whatever the latency
    /// budget would allow. Without it a lone camera's sequences would wait until just before the target latency
    /// every time, so end-to-end latency would sit at the target and the controller would never see headroom.
    /// </summary>
    public double MaxQueueDelayMs { get; set; } = 50;

    /// <summary>
    /// How long a learned forward time may judge requests late, and a camera go without a forward pass, in milliseconds.
    /// A time for a batch size that no batch of that size confirmed within it drops nothing; a camera without a pass for
    /// it has one request put first into its group's next batch: its most urgent, or, when the learned time says every
    /// one would finish past its deadline, its freshest (a probe, whose pass tests the estimate). 0 turns the late-drop off.
    /// </summary>
    public double ProbeAfterMs { get; set; } = 1000;

    /// <summary>Predicted forward-pass time before any observation: fixed part, in milliseconds.</summary>
    public double PriorFixedMs { get; set; } = 20;

    /// <summary>Predicted forward-pass time before any observation: per sequence in the batch, in milliseconds.</summary>
    public double PriorPerSequenceMs { get; set; } = 10;

    /// <summary>Weight of each new observation in the predictor's moving averages (0-1].</summary>
    public double PredictorSmoothing { get; set; } = 0.2;

    /// <summary>Mean absolute deviations added to the predicted mean, so deadlines hold for slower-than-average passes.</summary>
    public double PredictorDeviations { get; set; } = 1.0;

    /// <summary>The largest <see cref="ExtraForwardMs"/> accepted.</summary>
    public const double MaxExtraForwardMs = 10_000;

    /// <summary>
    /// Milliseconds added to every forward pass on the inference thread: the pass blocks that much longer and reports that
    /// much more forward time, as a heavier model would, so the batcher, the latency controller and the drop paths see a
    /// slow model. For load and soak tests; 0 (the default) adds nothing. A host may apply a changed value while it runs.
    /// </summary>
    public double ExtraForwardMs { get; set; }

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/> (bare when empty).</summary>
    public IReadOnlyList<string> Validate(string section = "")
    {
        var errors = new ValidationErrors(section);
        errors.Range(nameof(MaxPendingRequests), MaxPendingRequests, 1, 1_000_000);
        if (!Enum.IsDefined(OverloadPolicy))
        {
            errors.Add(nameof(OverloadPolicy), $"must be one of {string.Join(", ", Enum.GetNames<OverloadPolicy>())} (was {OverloadPolicy}).");
        }

        errors.Range(nameof(MaxQueueDelayMs), MaxQueueDelayMs, 0, InferenceConfig.MaxLatencyLimitMs);
        errors.Range(nameof(ProbeAfterMs), ProbeAfterMs, 0, MaxProbeAfterMs);
        errors.Range(nameof(PriorFixedMs), PriorFixedMs, 0, InferenceConfig.MaxLatencyLimitMs);
        errors.Range(nameof(PriorPerSequenceMs), PriorPerSequenceMs, 0, InferenceConfig.MaxLatencyLimitMs);
        errors.Positive(nameof(PredictorSmoothing), PredictorSmoothing, 1);
        errors.Range(nameof(PredictorDeviations), PredictorDeviations, 0, 10);
        errors.Range(nameof(ExtraForwardMs), ExtraForwardMs, 0, MaxExtraForwardMs);
        return errors.Errors;
    }
}
