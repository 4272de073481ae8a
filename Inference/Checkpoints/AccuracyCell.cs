namespace EdgeVision.Inference.Checkpoints;

/// <summary>Top-1 accuracy (0 to 1) of a model on frames of <paramref name="Width"/> x <paramref name="Height"/> sampled with <paramref name="FrameSkip"/>.</summary>
public sealed record AccuracyCell(int Width, int Height, int FrameSkip, double Top1);
