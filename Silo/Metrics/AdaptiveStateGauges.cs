using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Silo.Metrics;

/// <summary>
/// The adaptive state in force for each camera hosted on this silo, observed as gauges
/// (<c>edgevision.silo.adaptive.*</c>, tagged by camera). Camera grains set it on activation and on every
/// controller decision, and remove it when they deactivate.
/// </summary>
public sealed class AdaptiveStateGauges
{
    public const string WidthName = "edgevision.silo.adaptive.width";
    public const string HeightName = "edgevision.silo.adaptive.height";
    public const string FrameSkipName = "edgevision.silo.adaptive.frame_skip";
    public const string BatchSizeName = "edgevision.silo.adaptive.batch_size";
    public const string TargetFpsName = "edgevision.silo.adaptive.target_fps";

    private readonly ConcurrentDictionary<string, AdaptiveState> _states = new(StringComparer.Ordinal);

    public void Set(string camera, AdaptiveState state) => _states[camera] = state;

    public void Remove(string camera) => _states.TryRemove(camera, out _);

    public AdaptiveState? Get(string camera) => _states.TryGetValue(camera, out var state) ? state : null;

    internal void Register(Meter meter)
    {
        meter.CreateObservableGauge(WidthName, () => Observe(s => s.Width), "{pixel}", "Frame width the camera is asked to send.");
        meter.CreateObservableGauge(HeightName, () => Observe(s => s.Height), "{pixel}", "Frame height the camera is asked to send.");
        meter.CreateObservableGauge(FrameSkipName, () => Observe(s => s.FrameSkip), "{frame}", "Frames the camera is asked to skip after each kept frame.");
        meter.CreateObservableGauge(BatchSizeName, () => Observe(s => s.BatchSize), "{sequence}", "Largest batch the controller allows for the camera's sequences.");
        meter.CreateObservableGauge(TargetFpsName, () => ObserveDouble(s => s.TargetFps), "{frame}/s", "Frame rate the camera aims for.");
    }

    private IEnumerable<Measurement<int>> Observe(Func<AdaptiveState, int> value) =>
        _states.Select(pair => new Measurement<int>(value(pair.Value), new KeyValuePair<string, object?>("camera", pair.Key)));

    private IEnumerable<Measurement<double>> ObserveDouble(Func<AdaptiveState, double> value) =>
        _states.Select(pair => new Measurement<double>(value(pair.Value), new KeyValuePair<string, object?>("camera", pair.Key)));
}
