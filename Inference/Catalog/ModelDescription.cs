using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Packages;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Inference.Catalog;

/// <summary>What a catalog serves under one key.</summary>
/// <param name="Key">The catalog key.</param>
/// <param name="Kind">Model kind (conv3d, convlstm, transformer, hybrid; onnx or torchscript for a model package).</param>
/// <param name="Version">Checkpoint version (reported with every result).</param>
/// <param name="Labels">Class names, index-aligned with the probabilities.</param>
/// <param name="Config">The configuration the model was built with (input size, sequence length, classes).</param>
/// <param name="CheckpointPath">Where it was loaded from (a checkpoint or a model package).</param>
/// <param name="Device">Where it runs ("cpu", "cuda:0").</param>
/// <param name="Accuracy">The model's accuracy at each resolution and frame skip, from its checkpoint; null when not measured.</param>
public sealed record ModelDescription(
    string Key,
    string Kind,
    string Version,
    IReadOnlyList<string> Labels,
    VideoModelConfig Config,
    string CheckpointPath,
    string Device,
    AccuracyGrid? Accuracy = null)
{
    private readonly ModelManifest manifest = ModelManifest.ForCheckpoint(Key, Config, Labels, new CheckpointMetadata(Version, DateTimeOffset.UnixEpoch));

    /// <summary>The model in the manifest vocabulary shared by checkpoints and model packages.</summary>
    public ModelManifest Manifest
    {
        get => manifest;
        init
        {
            manifest = value;
            Pixels = value.Input.Pixels();
        }
    }

    /// <summary>
    /// Lower-case hex SHA-256 of the file it was loaded from (the whole checkpoint or package), taken before loading: a file
    /// with the same digest holds this same model; empty when not known.
    /// </summary>
    public string FileSha256 { get; init; } = string.Empty;

    /// <summary>How the engine writes a sequence's pixels into this model's input (from <see cref="Manifest"/>).</summary>
    public ModelPixels Pixels { get; private init; } = ModelPixels.Sequence;
}
