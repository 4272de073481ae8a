using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>The latencies of the completed sequences.</summary>
[Description("Latencies of completed sequences, in milliseconds.")]
public sealed record LatencyReport(
    [property: Description("Capture of the sequence's last frame (the moment the sequence exists) to its prediction: what --target-latency and --max-latency apply to.")] LatencyStats EndToEnd,
    [property: Description("Capture of the sequence's first frame to its prediction: end-to-end plus the time the sequence itself spans.")] LatencyStats SinceFirstFrame,
    [property: Description("Submission to the engine until its batch started.")] LatencyStats QueueWait,
    [property: Description("Duration of the forward pass that served the sequence (the whole batch).")] LatencyStats Inference);
