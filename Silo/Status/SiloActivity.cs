using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Silo.Results;

namespace EdgeVision.Silo.Status;

/// <summary>
/// What the silo's results say about its work, for its status: each camera's latest model, version and time, and how
/// many sequences were served at each batch size since the last <see cref="TakeBatchSizes"/>. Fed by the silo's
/// <see cref="ResultCallbacks"/> (every result of the cameras hosted here); thread-safe, bounded by the cameras hosted.
/// </summary>
public sealed class SiloActivity : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SiloCamera> _latest = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, long> _batchSizes = [];
    private readonly IDisposable _registration;

    public SiloActivity(ResultCallbacks callbacks)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        _registration = callbacks.Add(Observe);
    }

    /// <summary>The latest result's model of <paramref name="key"/> (<c>site/camera</c>); null before one.</summary>
    public SiloCamera? Latest(string key)
    {
        lock (_gate)
        {
            return _latest.GetValueOrDefault(key);
        }
    }

    /// <summary>Sequences served per batch size since the previous call, smallest size first; the count starts again.</summary>
    public IReadOnlyList<BatchSizeCount> TakeBatchSizes()
    {
        lock (_gate)
        {
            var taken = _batchSizes.Select(entry => new BatchSizeCount(entry.Key, entry.Value)).ToArray();
            _batchSizes.Clear();
            return taken;
        }
    }

    /// <summary>Forgets cameras not in <paramref name="hosted"/> (their grains left this silo).</summary>
    public void Retain(IReadOnlySet<string> hosted)
    {
        lock (_gate)
        {
            foreach (var key in _latest.Keys.Where(key => !hosted.Contains(key)).ToArray())
            {
                _latest.Remove(key);
            }
        }
    }

    public void Dispose() => _registration.Dispose();

    private void Observe(InferenceResult result)
    {
        var key = $"{result.Site}/{result.Camera}";
        lock (_gate)
        {
            _latest[key] = new SiloCamera(result.Site, result.Camera, Stalled: false, result.ModelName, result.ModelVersion, result.CompletedAt);
            var size = result.AdaptiveState.BatchSize;
            _batchSizes[size] = _batchSizes.GetValueOrDefault(size) + 1;
        }
    }
}
