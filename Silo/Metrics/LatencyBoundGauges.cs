using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Silo.Metrics;

/// <summary>
/// What each camera's latency is bound by, as the gauge <c>edgevision.silo.latency_bound</c> (1 for the camera's current
/// cause, tagged by camera, cause and whether the controller acts on it). Camera grains set it whenever their controller's
/// verdict changes and remove it when they deactivate.
/// </summary>
public sealed class LatencyBoundGauges
{
    public const string Name = "edgevision.silo.latency_bound";

    private readonly ConcurrentDictionary<string, (LatencyCause Cause, bool Acting)> _causes = new(StringComparer.Ordinal);

    public void Set(string camera, LatencyCause cause, bool acting) => _causes[camera] = (cause, acting);

    public void Remove(string camera) => _causes.TryRemove(camera, out _);

    public (LatencyCause Cause, bool Acting)? Get(string camera) => _causes.TryGetValue(camera, out var cause) ? cause : null;

    internal void Register(Meter meter) =>
        meter.CreateObservableGauge(Name, Observe, "{camera}",
            "1 for what each camera's latency is bound by (within-target, overload, transport-bound, forward-bound, ...), and whether the controller acts on it.");

    private IEnumerable<Measurement<int>> Observe() =>
        _causes.Select(pair => new Measurement<int>(1,
            new KeyValuePair<string, object?>("camera", pair.Key),
            new KeyValuePair<string, object?>("cause", pair.Value.Cause.Tag()),
            new KeyValuePair<string, object?>("acting", pair.Value.Acting ? "true" : "false")));
}
