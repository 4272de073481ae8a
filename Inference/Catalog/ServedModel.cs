using EdgeVision.Inference.Runtime;

namespace EdgeVision.Inference.Catalog;

/// <summary>A loaded model with a reference count: the catalog's own reference plus one per open lease.</summary>
internal sealed class ServedModel(IModelSession session, ModelDescription description)
{
    private int references = 1;

    public IModelSession Session { get; } = session;

    public ModelDescription Description { get; } = description;

    public bool IsDisposed => Volatile.Read(ref references) == 0;

    /// <summary>Takes a reference; false when the model was already disposed (the caller looks again).</summary>
    public bool TryAddReference()
    {
        var current = Volatile.Read(ref references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Drops a reference; the last one disposes the session.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref references) == 0)
        {
            Session.Dispose();
        }
    }
}
