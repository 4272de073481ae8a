using System.Collections.Concurrent;
using EdgeVision.Inference.Batching;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// One inference engine serves every camera of the silo, but each camera grain runs its own latency controller.
/// Each controller's batch size is a vote; the engine runs at the largest vote, so one overloaded camera can raise
/// the batch size and the engine comes back down only when every camera has restored its own.
/// </summary>
public sealed class BatchSizeCoordinator(IInferenceEngine engine)
{
    private readonly ConcurrentDictionary<string, int> _votes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Records <paramref name="camera"/>'s batch size and returns the engine's batch size in force.</summary>
    public int Vote(string camera, int batchSize)
    {
        lock (_gate)
        {
            _votes[camera] = batchSize;
            return engine.SetMaxBatchSize(_votes.Values.Max());
        }
    }

    /// <summary>Withdraws <paramref name="camera"/>'s vote (the grain deactivated).</summary>
    public void Withdraw(string camera)
    {
        lock (_gate)
        {
            if (_votes.TryRemove(camera, out _) && !_votes.IsEmpty)
            {
                engine.SetMaxBatchSize(_votes.Values.Max());
            }
        }
    }
}
