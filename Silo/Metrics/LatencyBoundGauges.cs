using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Silo.Metrics;

/// <summary>
/// What each camera's latency is bound by, as a state set: the gauge <c>edgevision.silo.latency_bound{camera,cause}</c> is
/// 1 for the camera's current cause and 0 for every other cause, and <c>edgevision.silo.latency_acting{camera}</c> is 1
/// while the controller acts on it. Every cause is reported on each collection because a cumulative exporter (Prometheus)
/// keeps the last value of a series that stops being reported: a cause reported only while current would stay 1 after
/// it passed. Camera grains set it whenever their controller's verdict changes; a camera whose grain deactivated reports
/// 0 everywhere.
/// </summary>
public sealed class LatencyBoundGauges
{
    public const string Name = "edgevision.silo.latency_bound";
    public const string ActingName = "edgevision.silo.latency_acting";

    private static readonly LatencyCause[] Causes = Enum.GetValues<LatencyCause>();

    private readonly ConcurrentDictionary<string, (LatencyCause Cause, bool Acting)?> _causes = new(StringComparer.Ordinal);

    public void Set(string camera, LatencyCause cause, bool acting) => _causes[camera] = (cause, acting);

    public void Remove(string camera) => _causes[camera] = null;

    public (LatencyCause Cause, bool Acting)? Get(string camera) => _causes.TryGetValue(camera, out var cause) ? cause : null;

    internal void Register(Meter meter)
    {
        meter.CreateObservableGauge(Name, ObserveCauses, "{camera}",
            "1 for what each camera's latency is bound by (within-target, overload, transport-bound, forward-bound, ...), 0 for every other cause.");
        meter.CreateObservableGauge(ActingName, ObserveActing, "{camera}",
            "1 while the latency controller acts on what a camera's latency is bound by (changes its settings), else 0.");
    }

    private IEnumerable<Measurement<int>> ObserveCauses() =>
        _causes.SelectMany(pair => Causes.Select(cause => new Measurement<int>(pair.Value?.Cause == cause ? 1 : 0,
            new KeyValuePair<string, object?>("camera", pair.Key),
            new KeyValuePair<string, object?>("cause", cause.Tag()))));

    private IEnumerable<Measurement<int>> ObserveActing() =>
        _causes.Select(pair => new Measurement<int>(pair.Value?.Acting == true ? 1 : 0, new KeyValuePair<string, object?>("camera", pair.Key)));
}
