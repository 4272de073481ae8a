namespace EdgeVision.Inference.Control;

/// <summary>A knob of the latency controller, for <see cref="LatencyControllerOptions.DegradeOrder"/>.</summary>
public enum AdaptiveKnob
{
    /// <summary>The engine's batch size (more throughput per forward pass).</summary>
    BatchSize,

    /// <summary>The edge's frame size (cheaper forward passes, the same result rate).</summary>
    Resolution,

    /// <summary>The edge's frame skip (fewer sequences, fewer results).</summary>
    FrameSkip,
}
