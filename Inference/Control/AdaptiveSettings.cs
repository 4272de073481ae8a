namespace EdgeVision.Inference.Control;

/// <summary>The knobs the latency controller turns.</summary>
/// <param name="BatchSize">The largest batch one forward pass takes (the engine's CurrentMaxBatchSize).</param>
/// <param name="FrameSkip">Camera frames the edge drops between two kept frames.</param>
/// <param name="Width">Frame width the edge sends, in pixels.</param>
/// <param name="Height">Frame height the edge sends, in pixels.</param>
public sealed record AdaptiveSettings(int BatchSize, int FrameSkip, int Width, int Height);
