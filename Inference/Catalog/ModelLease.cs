using EdgeVision.Inference.Runtime;

namespace EdgeVision.Inference.Catalog;

/// <summary>One use of a served model; the model is not disposed while a lease on it is open. Dispose once.</summary>
public sealed class ModelLease : IDisposable
{
    private readonly ServedModel model;
    private int disposed;

    internal ModelLease(ServedModel model)
    {
        this.model = model;
    }

    public string Key => model.Description.Key;

    public string Version => model.Description.Version;

    public IReadOnlyList<string> Labels => model.Description.Labels;

    public ModelDescription Description => model.Description;

    /// <summary>The session running the model (its calls are serialised).</summary>
    public IModelSession Session => model.Session;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            model.Release();
        }
    }
}
