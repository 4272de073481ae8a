using System.Diagnostics.Metrics;
using EdgeVision.Edge.Accountability;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EdgeVision.Tests.EdgeAgent;

/// <summary>
/// The agent's own metrics add up (docs/observability.md): every captured frame is dropped before reaching a sequence
/// (<c>edgevision.edge.frames.dropped</c>) or settled with the first sequence that carried it
/// (<c>edgevision.edge.ledger.frames</c>, by outcome), once the run is over.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class EdgeLedgerBalanceTests
{
    [Fact]
    public async Task CapturedFramesEqualFramesDroppedPlusFramesSettledWithTheirSequences()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: cancellation);
        await using var silo = await SiloTestCluster.StartAsync(broker, settings: new Dictionary<string, string?> { ["Silo:Inference:MaxLatencyMs"] = "60000" });
        await using var agent = AgentHost.Create(broker.Port, AgentHost.Generator(frames: 40), new Dictionary<string, string?>
        {
            ["Edge:Video:Stride"] = "2", // overlapping sequences: a frame counts once, with the first sequence carrying it
            ["Edge:ResultTimeoutSeconds"] = "20",
            ["Edge:RetainForRepublish"] = "64",
        });
        var meters = agent.Host.Services.GetRequiredService<IMeterFactory>();
        using var captured = new MetricCollector<long>(meters, CaptureInstruments.MeterName, "edgevision.edge.frames.captured");
        using var dropped = new MetricCollector<long>(meters, CaptureInstruments.MeterName, "edgevision.edge.frames.dropped");
        using var settled = new MetricCollector<long>(meters, CaptureInstruments.MeterName, LedgerInstruments.FramesName);
        using var resolved = new MetricCollector<long>(meters, CaptureInstruments.MeterName, LedgerInstruments.ResolvedName);

        // The source ends after 40 frames; the agent stops itself once every sequence it published has its outcome.
        var stopping = agent.WhenStoppingAsync();
        await agent.StartAsync();
        await stopping;
        await agent.StopAsync();

        var stats = agent.Agent.GetStats();
        var byOutcome = settled.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["outcome"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        TestContext.Current.TestOutputHelper?.WriteLine($"captured {Sum(captured)}, dropped {Sum(dropped)}, settled {string.Join(", ", byOutcome.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.Equal(40, Sum(captured));
        Assert.Equal(Sum(captured), Sum(dropped) + Sum(settled));
        Assert.Equal(stats.SequencesAssembled, Sum(resolved));
        Assert.True(byOutcome.GetValueOrDefault(LedgerInstruments.ResultOutcome) > 0, "no sequence got its result");
    }

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);
}
