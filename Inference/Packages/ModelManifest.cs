using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Checkpoints;

namespace EdgeVision.Inference.Packages;

/// <summary>
/// Everything EdgeVision needs to serve a model, in one vocabulary for model packages (<c>manifest.json</c> beside
/// <c>model.onnx</c> or <c>model.pt</c>) and for EdgeVision's own checkpoints (<see cref="ForCheckpoint"/>).
/// </summary>
/// <param name="FormatVersion">The package layout version (<see cref="ModelPackage.FormatVersion"/>).</param>
/// <param name="Format">Which runtime serves the model file.</param>
/// <param name="Name">The model's name (e.g. "r2plus1d_18").</param>
/// <param name="Version">The version reported with every result.</param>
/// <param name="Licence">The licence of the weights, when known (e.g. "BSD-3-Clause").</param>
/// <param name="Source">Where the model and its weights came from (a URL or a description).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the model file; a package whose model file differs is refused.</param>
/// <param name="Input">The video input.</param>
/// <param name="Output">The class scores.</param>
/// <param name="Labels">Class names, index-aligned with the output.</param>
public sealed record ModelManifest(
    int FormatVersion,
    ModelFormat Format,
    string Name,
    string Version,
    string? Licence,
    string? Source,
    string? Sha256,
    ModelInput Input,
    ModelOutput Output,
    IReadOnlyList<string> Labels)
{
    /// <summary>
    /// A checkpoint in this vocabulary: (batch, frames, channels, height, width), RGB in [0, 1] normalised as each
    /// sequence says, any clip length and smaller frames allowed (the model decides), probabilities out.
    /// </summary>
    public static ModelManifest ForCheckpoint(string name, VideoModelConfig config, IReadOnlyList<string> labels, CheckpointMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(metadata);
        var input = new ModelInput(
            "frames", TensorLayout.NTCHW, ModelInput.Float32, PixelOrder.Rgb, 1, config.SequenceLength, config.InputHeight, config.InputWidth,
            VariableFrames: true, VariableHeight: true, VariableWidth: true);
        return new ModelManifest(
            ModelPackage.FormatVersion, ModelFormat.Checkpoint, name, metadata.Version, null, metadata.TrainingCommand, null, input,
            new ModelOutput("probabilities", OutputKind.Probabilities, OutputActivation.Softmax), labels);
    }

    /// <summary>Every problem with this manifest, each naming its field; empty when it can be served.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("name must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(Version))
        {
            problems.Add("version must not be empty.");
        }

        if (Format != ModelFormat.Checkpoint && (Sha256 is null || Sha256.Length != 64 || !Sha256.All(Uri.IsHexDigit)))
        {
            problems.Add($"sha256 must be the model file's SHA-256 as 64 hex digits (was '{Sha256}').");
        }

        if (Input is null)
        {
            problems.Add("input is missing.");
        }
        else
        {
            problems.AddRange(Input.Problems());
        }

        if (Output is null || string.IsNullOrWhiteSpace(Output.Name))
        {
            problems.Add("output.name is missing.");
        }

        if (Labels is null || Labels.Count == 0 || Labels.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("labels must name every class (none may be empty).");
        }

        return problems;
    }
}
