using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>One decision of the latency controller that changed the settings.</summary>
[Description("A change the latency controller made.")]
public sealed record AdaptiveChange(
    [property: Description("Seconds since the run started.")] double AtSeconds,
    [property: Description("Largest batch per forward pass from now on.")] int BatchSize,
    [property: Description("Frames skipped after each kept frame from now on.")] int FrameSkip,
    [property: Description("Frame width from the next sequence on.")] int Width,
    [property: Description("Frame height from the next sequence on.")] int Height,
    [property: Description("Why the controller changed it.")] string Reason,
    [property: Description("Top-1 accuracy (0 to 1) the model is measured to reach at the new frame size and frame skip (its checkpoint's accuracy grid); null when not measured.")] double? ExpectedAccuracy = null,
    [property: Description("What the latency was bound by when the controller decided: e.g. forward-bound, queue-bound, overload, or within-target for a restoring step; null when the silo did not say.")] string? Cause = null);
