namespace EdgeVision.Inference.Checkpoints;

/// <summary>
/// A checkpoint file or model package that cannot be read (not an archive, wrong format version, bad manifest or weights).
/// <see cref="ModelChecksumException"/> is the one whose model file does not match its recorded SHA-256.
/// </summary>
public class CheckpointFormatException(string message, Exception? inner = null) : Exception(message, inner);
