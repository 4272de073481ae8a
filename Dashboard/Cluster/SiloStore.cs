using System.Collections.Concurrent;
using EdgeVision.Contracts.Wire.Json;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard.Cluster;

/// <summary>
/// The latest status of each silo (<c>edgevision/_silos/{siloId}</c>). Thread-safe; bounded by <c>Dashboard:MaxSilos</c>. An
/// empty retained message removes its silo (how an operator clears one that is gone for good).
/// </summary>
public sealed class SiloStore(IOptions<DashboardOptions> options, TimeProvider time)
{
    /// <summary>A silo that has said nothing for this many of its own intervals is shown as silent.</summary>
    public const double SilentAfterIntervals = 3;

    private readonly ConcurrentDictionary<string, (SiloStatus Status, DateTimeOffset ReceivedAt)> _silos = new(StringComparer.Ordinal);
    private readonly Lock _addGate = new();
    private readonly int _maxSilos = options.Value.MaxSilos;

    public int Count => _silos.Count;

    /// <summary>False when the silo is new and <c>Dashboard:MaxSilos</c> are already tracked. A status older than the one held is ignored.</summary>
    public bool TryApply(SiloStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_addGate)
        {
            if (_silos.TryGetValue(status.SiloId, out var held))
            {
                if (status.Timestamp >= held.Status.Timestamp)
                {
                    _silos[status.SiloId] = (status, time.GetUtcNow());
                }

                return true;
            }

            if (_silos.Count >= _maxSilos)
            {
                return false;
            }

            _silos[status.SiloId] = (status, time.GetUtcNow());
            return true;
        }
    }

    public void Remove(string siloId) => _silos.TryRemove(siloId, out _);

    /// <summary>Every silo, by id.</summary>
    public IReadOnlyList<SiloSnapshot> Snapshot()
    {
        var now = time.GetUtcNow();
        return [.. _silos.Values
            .OrderBy(entry => entry.Status.SiloId, StringComparer.Ordinal)
            .Select(entry =>
            {
                var age = Math.Max(0, (now - entry.ReceivedAt).TotalSeconds);
                var silent = entry.Status.State == SiloState.Online && age > SilentAfterIntervals * entry.Status.IntervalSeconds;
                return new SiloSnapshot(entry.Status, entry.ReceivedAt, age, silent);
            })];
    }
}
