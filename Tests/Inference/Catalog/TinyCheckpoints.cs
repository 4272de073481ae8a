using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Models;
using EdgeVision.Inference.Runtime;
using EdgeVision.Tests.Inference.Batching;
using EdgeVision.Tests.Inference.Checkpoints;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Inference.Catalog;

/// <summary>Tiny checkpoints written to a temporary models folder, and catalogs serving them.</summary>
internal sealed class TinyCheckpoints : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public string Folder => directory.Path;

    /// <summary>Writes a tiny model of <paramref name="kind"/> (weights from <paramref name="seed"/>) as <c>{name}.ckpt</c>.</summary>
    public string Write(string name, string version, string kind = VideoModelKinds.Conv3d, int seed = 7, int channels = 3, string folder = "")
    {
        var target = Path.Combine(directory.Path, folder);
        Directory.CreateDirectory(target);
        var config = TinyModels.Config();
        config.InputChannels = channels;
        using var model = TinyModels.Create(kind, config: config, seed: seed);
        var path = Path.Combine(target, $"{name}.ckpt");
        Checkpoint.Save(path, model, new CheckpointMetadata(version, Requests.Start));
        return path;
    }

    public ModelCatalog Catalog(ModelCatalogOptions? options = null) =>
        new(Options.Create(options ?? new ModelCatalogOptions { Directory = directory.Path }),
            Options.Create(new InferenceSessionOptions { PreferCuda = false }),
            NullLoggerFactory.Instance);

    public void Dispose() => directory.Dispose();
}
