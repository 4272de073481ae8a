using EdgeVision.Testing;
using EdgeVision.Tests.EdgeAgent;
using EdgeVision.Tests.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeVision.Tests.Edge.Publishing;

/// <summary>The agent over TLS to mosquitto, trusting a private CA made in the test (not the system store).</summary>
[Trait("Category", "EndToEnd")]
public sealed class TlsPublishingTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = new();

    [Fact]
    public async Task SequencesArePublishedOverTlsToABrokerSignedByTheConfiguredCa()
    {
        await using var mosquitto = await _ca.StartMosquittoAsync($"cafile {_ca.CertificatePath}");
        await using var agent = AgentHost.Create(mosquitto.Port, AgentHost.Generator(frames: 40), new Dictionary<string, string?>
        {
            ["Edge:Mqtt:UseTls"] = "true",
            ["Edge:Mqtt:CaCertificatePath"] = _ca.CertificatePath,
        });
        var stopping = agent.WhenStoppingAsync();

        await agent.StartAsync();
        await stopping;
        await agent.StopAsync();

        var stats = agent.Agent.GetStats();
        Assert.Equal((10L, 10L, 0L), (stats.SequencesAssembled, stats.SequencesPublished, stats.TotalDropped));
    }

    [Fact]
    public async Task ABrokerCertificateFromAnotherCaIsRefused()
    {
        using var other = new TestCertificateAuthority("other");
        await using var mosquitto = await _ca.StartMosquittoAsync();
        await using var agent = AgentHost.Create(mosquitto.Port, AgentHost.Generator(frames: 8), new Dictionary<string, string?>
        {
            ["Edge:Mqtt:UseTls"] = "true",
            ["Edge:Mqtt:CaCertificatePath"] = other.CertificatePath,
            ["Edge:Mqtt:OfflineQueueCapacity"] = "1",
        });
        var meters = agent.Host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var dropped = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(meters, "EdgeVision.Edge", EdgeVision.Edge.Publishing.PublisherInstruments.DroppedName);

        await agent.StartAsync();
        // Two sequences into a queue of one: the second pushes the first out because the broker is never reached.
        await dropped.WaitForMeasurementsAsync(1, EdgeTestKit.Patience);

        Assert.False(agent.Publisher.IsReady);
        Assert.Equal(0, agent.Publisher.Instruments.Published);
    }

    public void Dispose() => _ca.Dispose();
}
