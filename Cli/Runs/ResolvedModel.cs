using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Models;
using EdgeVision.Inference.Packages;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// The model a run serves: its checkpoint file or model package (a temporary checkpoint for a freshly initialised model, deleted on dispose)
/// and what the report says about it.
/// </summary>
internal sealed class ResolvedModel(string kind, FusionMode fusion, VideoModelConfig config, IReadOnlyList<string> labels, string version,
    long parameters, string checkpointPath, bool trained, int? trainedFramesPerAction = null) : IDisposable
{
    public string Kind { get; } = kind;

    public FusionMode Fusion { get; } = fusion;

    public VideoModelConfig Config { get; } = config;

    public IReadOnlyList<string> Labels { get; private set; } = labels;

    public string Version { get; } = version;

    public long Parameters { get; } = parameters;

    /// <summary>The checkpoint the engine loads.</summary>
    public string CheckpointPath { get; } = checkpointPath;

    /// <summary>False for a freshly initialised model: its timings are real, its predictions are not.</summary>
    public bool Trained { get; } = trained;

    /// <summary>Frames per synthetic action the model was trained on, when the checkpoint says (<c>CheckpointMetadata.TrainedFramesPerAction</c>).</summary>
    public int? TrainedFramesPerAction { get; } = trainedFramesPerAction;

    /// <summary>A model package's input (what may vary, how frames are resized); null for a checkpoint.</summary>
    public ModelInput? Input { get; init; }

    public void UseLabels(IReadOnlyList<string> labels) => Labels = labels;

    public void Dispose()
    {
        if (!Trained)
        {
            File.Delete(CheckpointPath);
        }
    }
}
