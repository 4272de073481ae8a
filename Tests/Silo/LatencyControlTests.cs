using System.Diagnostics.Metrics;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Metrics;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EdgeVision.Tests.Silo;

/// <summary>The camera grain's latency controller reaching the edge through the control topic.</summary>
[Trait("Category", "EndToEnd")]
public sealed class LatencyControlTests
{
    private const string Site = "site-control";
    private const string Camera = "slow";

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task LatencyOverTheTargetSendsTheCameraAControlMessageAndRecordsTheNewAdaptiveState()
    {
        // A 1 ms target no forward pass can meet; no cooldown and two samples, so the controller acts at once.
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var silos = await SiloTestCluster.StartAsync(broker, silos: 1, settings: new Dictionary<string, string?>
        {
            ["Inference:TargetLatencyMs"] = "1",
            ["Inference:MaxLatencyMs"] = "30000",
            ["LatencyController:MinSamples"] = "2",
            ["LatencyController:CooldownSeconds"] = "0",
        });
        using var controls = new MetricCollector<long>(silos.Service<IMeterFactory>(0), SiloInstruments.MeterName, SiloInstruments.ControlName);
        await using var results = await ResultRecorder.StartAsync(broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(broker, _cancellation);

        // One sequence at a time, each after the previous result, until the controller speaks (bounded).
        for (var n = 0; n < 20 && results.Controls.Count == 0; n++)
        {
            await publisher.PublishAsync(TestSequences.Create(Site, Camera, n, DateTimeOffset.UtcNow), _cancellation);
            await results.WaitUntilAsync(all => all.Any(r => r.Camera == Camera && r.SequenceNumber == n), _cancellation);
        }

        var control = Assert.Single(results.Controls.Take(1));
        Assert.Equal((Site, Camera), (control.Site, control.Camera));
        Assert.False(string.IsNullOrWhiteSpace(control.Reason));
        Assert.True(control.FrameSkip is > 0 || control.Width is < 32, $"frame skip {control.FrameSkip}, width {control.Width}");
        Assert.True(controls.GetMeasurementSnapshot().Sum(m => m.Value) >= 1);
        var state = silos.Service<AdaptiveStateGauges>(0).Get(CameraKey.Format(Site, Camera));
        Assert.NotNull(state);
        Assert.True(state.FrameSkip > 0 || state.Width < 32, $"adaptive state {state}");
        Assert.Empty(results.Undecodable);
    }
}
