using System.Diagnostics.Metrics;

namespace EdgeVision.Benchmarks.Inference;

/// <summary>Meters nobody listens to (the benchmark measures the engine, not an exporter).</summary>
internal sealed class NoMeters : IMeterFactory
{
    private readonly List<Meter> meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        meters.Add(meter);
        return meter;
    }

    public void Dispose() => meters.ForEach(m => m.Dispose());
}
