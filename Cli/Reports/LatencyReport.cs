using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>The latencies of the completed sequences.</summary>
[Description("Latencies of completed sequences, in milliseconds.")]
public sealed record LatencyReport(
    [property: Description("Capture of the sequence's first frame to its prediction: what the latency budget is about.")] LatencyStats EndToEnd,
    [property: Description("Capture of the sequence's last frame to its prediction: the delay a viewer of the live feed sees.")] LatencyStats SinceLastFrame,
    [property: Description("Submission to the engine until its batch started.")] LatencyStats QueueWait,
    [property: Description("Duration of the forward pass that served the sequence (the whole batch).")] LatencyStats Inference);
