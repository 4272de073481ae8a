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
    [property: Description("Why the controller changed it.")] string Reason);
