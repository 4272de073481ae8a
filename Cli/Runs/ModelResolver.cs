using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Classes;
using EdgeVision.Inference.Models;
using EdgeVision.Inference.Packages;

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
        if (PackagePath(settings.Model, shippedDirectory) is { } package)
        {
            return FromPackage(settings, package);
        }

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

    /// <summary>
    /// The model package <paramref name="model"/> names: an existing <c>*.evpkg</c> file, or the name of one in
    /// <paramref name="directory"/>; null when it names neither (a model kind).
    /// </summary>
    public static string? PackagePath(string model, string directory)
    {
        if (ModelPackage.IsPackage(model))
        {
            return File.Exists(model) ? Path.GetFullPath(model) : null;
        }

        var named = Path.Combine(directory, model + ModelPackage.Extension);
        return model.Length > 0 && model.IndexOfAny(['/', '\\']) < 0 && File.Exists(named) ? named : null;
    }

    // The catalog opens the package (and checks its checksum); here only its manifest shapes the run.
    private static ResolvedModel FromPackage(RunSettings settings, string path)
    {
        if (settings.Weights is not null)
        {
            throw new ArgumentException($"--weights is for checkpoints; {path} holds its own model file.");
        }

        var manifest = ModelPackage.ReadManifest(path);
        Same("--num-classes", settings.NumClasses, manifest.Labels.Count, path);
        var input = manifest.Input;
        var config = new VideoModelConfig
        {
            InputChannels = 3,
            InputWidth = input.Width,
            InputHeight = input.Height,
            SequenceLength = settings.SequenceLength ?? input.Frames,
            NumClasses = manifest.Labels.Count,
        };
        return new ResolvedModel(Path.GetFileNameWithoutExtension(path), FusionMode.Weighted, config, manifest.Labels, manifest.Version, 0, path, trained: true)
        {
            Input = input,
        };
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
