namespace EdgeVision.Inference.Control;

/// <summary>One step of the latency controller. Under load it goes down this list; with headroom it comes back up.</summary>
public enum AdaptiveAction
{
    /// <summary>Larger batches: more throughput for a little more latency per request.</summary>
    IncreaseBatchSize,

    /// <summary>The edge skips more frames: fewer sequences per camera.</summary>
    IncreaseFrameSkip,

    /// <summary>The edge sends smaller frames: cheaper forward passes.</summary>
    ReduceResolution,

    /// <summary>Back one resolution step towards the baseline.</summary>
    RestoreResolution,

    /// <summary>Back one frame-skip step towards the baseline.</summary>
    ReduceFrameSkip,

    /// <summary>Back one batch-size step towards the baseline.</summary>
    ReduceBatchSize,
}
