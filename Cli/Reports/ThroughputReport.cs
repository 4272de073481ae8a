using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>Rates over the run's wall-clock duration.</summary>
[Description("Rates over the run's wall-clock duration (first frame requested to last result). Frames, not batches.")]
public sealed record ThroughputReport(
    [property: Description("Frames the source delivered per second.")] double FramesInPerSecond,
    [property: Description("Frames inside predicted sequences per second.")] double FramesProcessedPerSecond,
    [property: Description("Predicted sequences per second.")] double SequencesPerSecond,
    [property: Description("Model forward passes per second.")] double ForwardPassesPerSecond);
