using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Packages;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Inference.Catalog;

/// <summary>Opens a checkpoint (<c>*.ckpt</c>) or a model package (<c>*.evpkg</c>) into a session and its description.</summary>
internal static class ModelLoader
{
    public static (IModelSession Session, ModelDescription Description) Open(string key, string path, InferenceSessionOptions options, ILoggerFactory loggerFactory) =>
        ModelPackage.IsPackage(path) ? OpenPackage(key, path, options, loggerFactory) : OpenCheckpoint(key, path, options, loggerFactory);

    private static (IModelSession, ModelDescription) OpenCheckpoint(string key, string path, InferenceSessionOptions options, ILoggerFactory loggerFactory)
    {
        var loaded = Checkpoint.Load(path);
        InferenceSession session;
        try
        {
            session = new InferenceSession(loaded.Model, options, loggerFactory.CreateLogger<InferenceSession>());
        }
        catch
        {
            loaded.Model.Dispose();
            throw;
        }

        var config = loaded.Model.Config;
        var description = new ModelDescription(
            key, loaded.Model.Kind, loaded.Metadata.Version, loaded.Labels, config, Path.GetFullPath(path), session.DeviceName, loaded.Metadata.AccuracyGrid)
        {
            Manifest = ModelManifest.ForCheckpoint(key, config, loaded.Labels, loaded.Metadata),
        };
        return (session, description);
    }

    private static (IModelSession, ModelDescription) OpenPackage(string key, string path, InferenceSessionOptions options, ILoggerFactory loggerFactory)
    {
        var (manifest, model) = ModelPackage.Open(path);
        var session = Wrap(path, () => PackageSession.Open(model, manifest, options, loggerFactory));
        var input = manifest.Input;
        var config = new VideoModelConfig
        {
            InputChannels = 3,
            InputHeight = input.Height,
            InputWidth = input.Width,
            SequenceLength = input.Frames,
            NumClasses = manifest.Labels.Count,
        };
        var description = new ModelDescription(
            key, manifest.Format.ToString().ToLowerInvariant(), manifest.Version, manifest.Labels, config, Path.GetFullPath(path), session.DeviceName)
        {
            Manifest = manifest,
        };
        return (session, description);
    }

    private static IModelSession Wrap(string path, Func<IModelSession> open)
    {
        try
        {
            return open();
        }
        catch (ArgumentException e)
        {
            throw new CheckpointFormatException($"'{path}': {e.Message}", e);
        }
    }
}
