namespace EdgeVision.Inference.Checkpoints;

/// <summary>A model package whose model file's SHA-256 is not the one its manifest records: changed or damaged after import.</summary>
public sealed class ModelChecksumException(string message) : CheckpointFormatException(message);
