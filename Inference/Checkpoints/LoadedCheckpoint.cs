using EdgeVision.Inference.Models;

namespace EdgeVision.Inference.Checkpoints;

/// <summary>A model rebuilt from a checkpoint with everything the checkpoint said about it. The caller owns (disposes) the model.</summary>
public sealed record LoadedCheckpoint(
    IVideoModel Model,
    FusionMode Fusion,
    IReadOnlyList<string> Labels,
    CheckpointMetadata Metadata);
