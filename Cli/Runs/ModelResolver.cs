using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Classes;
using EdgeVision.Inference.Models;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// Finds the model a run serves: <c>--weights</c>, else the shipped checkpoint of the kind, else a freshly
/// initialised model of the requested shape (saved to a temporary checkpoint so the engine loads it like any other).
/// Options that contradict a checkpoint are errors naming both values.
/// </summary>
internal static class ModelResolver
{
    public const int DefaultClasses = 10;
    public const int DefaultSize = 64;
    public const int DefaultSequenceLength = 8;
    public const int DefaultHiddenDim = 32;

    public static ResolvedModel Resolve(RunSettings settings, string shippedDirectory)
    {
        var path = settings.Weights ?? Path.Combine(shippedDirectory, $"{settings.Model}.ckpt");
        if (settings.Weights is not null && !File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        }

        return File.Exists(path) ? FromCheckpoint(settings, path) : Fresh(settings);
    }

    private static ResolvedModel FromCheckpoint(RunSettings settings, string path)
    {
        var loaded = Checkpoint.Load(path);
        using var model = loaded.Model;
        if (!string.Equals(model.Kind, settings.Model, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{path} holds a '{model.Kind}' model, not '{settings.Model}'.");
        }

        var config = model.Config;
        Same("--num-classes", settings.NumClasses, config.NumClasses, path);
        Same("--hidden-dim", settings.HiddenDim, config.HiddenDim, path);
        Same("--sequence-length", settings.SequenceLength, config.SequenceLength, path);
        return new ResolvedModel(model.Kind, loaded.Fusion, config, loaded.Labels, loaded.Metadata.Version, Parameters(model), path, trained: true,
            loaded.Metadata.TrainedFramesPerAction(config));
    }

    private static ResolvedModel Fresh(RunSettings settings)
    {
        var config = new VideoModelConfig
        {
            InputChannels = 3,
            InputWidth = settings.Width ?? DefaultSize,
            InputHeight = settings.Height ?? DefaultSize,
            SequenceLength = settings.SequenceLength ?? DefaultSequenceLength,
            HiddenDim = settings.HiddenDim ?? DefaultHiddenDim,
            NumLayers = 2,
            Dropout = 0,
            NumClasses = settings.NumClasses ?? DefaultClasses,
        };
        if (config.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }

        using var model = VideoModelFactory.Create(settings.Model, config, settings.Fusion);
        var labels = ClassLabels.Defaults(config.NumClasses);
        var path = Path.Combine(Path.GetTempPath(), $"edgevision-untrained-{settings.Model}-{Guid.NewGuid():N}.ckpt");
        var version = "untrained";
        Checkpoint.Save(path, model, new CheckpointMetadata(version, DateTimeOffset.UnixEpoch), labels);
        return new ResolvedModel(model.Kind, settings.Fusion, config, labels, version, Parameters(model), path, trained: false);
    }

    private static void Same(string option, int? requested, int actual, string path)
    {
        if (requested is { } value && value != actual)
        {
            throw new ArgumentException($"{option} {value} contradicts {path}, whose model has {actual}; leave {option} out or pass {actual}.");
        }
    }

    private static long Parameters(IVideoModel model) => model.Module.parameters().Sum(p => p.numel());
}
