using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>The settings the run started with.</summary>
[Description("The settings the run started with (the adaptive controller may change batch size, frame skip and resolution later: see adaptiveChanges).")]
public sealed record SettingsReport(
    [property: Description("Frame width fed to the model.")] int Width,
    [property: Description("Frame height fed to the model.")] int Height,
    [property: Description("Frames per second taken from the source; null for the source's own rate.")] double? Fps,
    [property: Description("Frames per sequence; sequences do not overlap.")] int SequenceLength,
    [property: Description("How a file source was read: 'source rate' (like a camera) or 'unpaced' (as fast as it decodes).")] string Playback,
    [property: Description("Latency the controller steers p95 towards (ms).")] double TargetLatencyMs,
    [property: Description("Latency beyond which a sequence is dropped as stale (ms).")] double MaxLatencyMs,
    [property: Description("Sequences per second to sustain.")] double TargetFps,
    [property: Description("Largest batch per forward pass.")] int MaxBatchSize,
    [property: Description("Whether sequences may share a forward pass.")] bool Batching,
    [property: Description("Whether the controller may skip frames under load.")] bool FrameSkipping,
    [property: Description("Whether the controller may lower the resolution under load.")] bool AdaptiveResolution,
    [property: Description("--max-frames, when given.")] long? MaxFrames,
    [property: Description("--duration in seconds, when given.")] double? DurationSeconds,
    [property: Description("Torch intra-op threads.")] int TorchThreads);
