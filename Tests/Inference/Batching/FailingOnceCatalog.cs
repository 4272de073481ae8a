using EdgeVision.Inference.Catalog;

namespace EdgeVision.Tests.Inference.Batching;

/// <summary>A catalog whose first lease fails, as a model that cannot run would; later leases come from the real catalog.</summary>
internal sealed class FailingOnceCatalog(IModelCatalog inner) : IModelCatalog
{
    private int acquired;

    public IReadOnlyCollection<string> Keys => inner.Keys;

    public bool Contains(string key) => inner.Contains(key);

    public ModelDescription Describe(string key) => inner.Describe(key);

    public string Load(string key, string checkpointPath) => inner.Load(key, checkpointPath);

    public ModelLease Acquire(string key) =>
        Interlocked.Increment(ref acquired) == 1 ? throw new InvalidOperationException("device lost") : inner.Acquire(key);
}
