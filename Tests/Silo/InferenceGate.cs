namespace EdgeVision.Tests.Silo;

/// <summary>Holds inference requests of one silo until <see cref="Open"/>; counts those it held and signals each.</summary>
internal sealed class InferenceGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    /// <summary>Raised (on the caller's thread) each time a request arrives at the closed gate.</summary>
    public event Action? Held;

    /// <summary>Requests that arrived while the gate was closed.</summary>
    public int HeldCount => Volatile.Read(ref _held);

    public void Open() => _open.TrySetResult();

    public Task PassAsync(CancellationToken cancellationToken)
    {
        if (!_open.Task.IsCompleted)
        {
            Interlocked.Increment(ref _held);
            Held?.Invoke();
        }

        return _open.Task.WaitAsync(cancellationToken);
    }
}
