using EdgeVision.Contracts.Telemetry;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Health;
using EdgeVision.Silo.Metrics;
using EdgeVision.Tests.Edge;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Silo.Metrics;

public sealed class LatencyBoundGaugesTests
{
    private const string Camera = "site/cam-1";

    [Fact]
    public void ACauseThatPassedReadsZeroAndOnlyTheCurrentOneReadsOne()
    {
        var bounds = new LatencyBoundGauges();
        using var meters = EdgeTestKit.NewMeterFactory();
        _ = new SiloInstruments(meters, new AdaptiveStateGauges(), new CameraStallTracker(Options.Create(new CameraGrainOptions()), new FakeTimeProvider(), NullLogger<CameraStallTracker>.Instance), bounds);
        using var gauge = new MetricCollector<int>(meters, SiloInstruments.MeterName, LatencyBoundGauges.Name);
        using var acting = new MetricCollector<int>(meters, SiloInstruments.MeterName, LatencyBoundGauges.ActingName);

        bounds.Set(Camera, LatencyCause.ForwardBound, acting: true);
        Observe();
        Assert.Equal(1, Cause(LatencyCause.ForwardBound));
        Assert.Equal(1, acting.LastMeasurement!.Value);

        bounds.Set(Camera, LatencyCause.WithinTarget, acting: false);
        Observe();
        Assert.Equal(0, Cause(LatencyCause.ForwardBound));
        Assert.Equal(1, Cause(LatencyCause.WithinTarget));
        Assert.Equal(Enum.GetValues<LatencyCause>().Length - 1, Latest().Count(m => m.Value == 0));
        Assert.Equal(0, acting.LastMeasurement!.Value);

        bounds.Remove(Camera);
        Observe();
        Assert.All(Latest(), m => Assert.Equal(0, m.Value));

        void Observe()
        {
            gauge.Clear();
            acting.Clear();
            gauge.RecordObservableInstruments();
            acting.RecordObservableInstruments();
        }

        IReadOnlyList<CollectedMeasurement<int>> Latest() => gauge.GetMeasurementSnapshot();

        int Cause(LatencyCause cause) => Assert.Single(Latest(), m => Equals(m.Tags["cause"], cause.Tag()) && Equals(m.Tags["camera"], Camera)).Value;
    }
}
