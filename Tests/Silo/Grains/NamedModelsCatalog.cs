using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Catalog;

namespace EdgeVision.Tests.Silo.Grains;

/// <summary>A catalog that serves the models it is given by name (version 1) and runs none of them.</summary>
internal sealed class NamedModelsCatalog(params string[] keys) : IModelCatalog
{
    public IReadOnlyCollection<string> Keys => keys;

    public bool Contains(string key) => keys.Contains(key, StringComparer.OrdinalIgnoreCase);

    public ModelDescription Describe(string key) =>
        Contains(key) ? new ModelDescription(key, "conv3d", "1", ["a", "b"], new VideoModelConfig(), $"models/{key}.ckpt", "cpu") : throw new ArgumentException(key);

    public string Load(string key, string checkpointPath) => throw new NotSupportedException();

    public ModelLease Acquire(string key) => throw new NotSupportedException();
}
