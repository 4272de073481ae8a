namespace EdgeVision.Inference.Checkpoints;

/// <summary>A checkpoint file that cannot be read (not an archive, wrong format version, bad manifest or weights).</summary>
public sealed class CheckpointFormatException(string message, Exception? inner = null) : Exception(message, inner);
