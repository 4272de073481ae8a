using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Models;

namespace EdgeVision.Inference.Checkpoints;

/// <summary>The JSON entry of a checkpoint archive: everything except the weights.</summary>
internal sealed record CheckpointManifest(
    int FormatVersion,
    string Kind,
    FusionMode Fusion,
    VideoModelConfig Config,
    IReadOnlyList<string> Labels,
    CheckpointMetadata Metadata);
