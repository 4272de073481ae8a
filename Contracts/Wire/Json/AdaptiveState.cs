namespace EdgeVision.Contracts.Wire.Json;

/// <summary>The adaptive settings a result was produced under, so subscribers can see quality trade-offs.</summary>
/// <param name="Width">Frame width the edge sent, in pixels.</param>
/// <param name="Height">Frame height the edge sent, in pixels.</param>
/// <param name="FrameSkip">Camera frames dropped between two kept frames.</param>
/// <param name="BatchSize">Sequences the silo batched into this inference call.</param>
/// <param name="TargetFps">Frames per second the edge aimed for.</param>
public sealed record AdaptiveState(
    int Width,
    int Height,
    int FrameSkip,
    int BatchSize,
    double TargetFps);
