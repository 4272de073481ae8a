using EdgeVision.EdgeAgent;
using EdgeVision.Testing;
using EdgeVision.Tests.EdgeAgent;
using EdgeVision.Tests.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

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
    public async Task ABrokerCertificateFromAnotherCaIsRefusedAndHealthNamesTheKey()
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
        var health = await WaitForHealthAsync(agent, entry => entry.Description?.Contains("Last attempt", StringComparison.Ordinal) == true);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains($"is not signed by the CA in {other.CertificatePath}", health.Description, StringComparison.Ordinal);
        Assert.Contains("check Edge:Mqtt:CaCertificatePath.", health.Description, StringComparison.Ordinal);
    }

    public void Dispose() => _ca.Dispose();

    /// <summary>The agent's health entry once <paramref name="condition"/> holds; the health check has no signal to wait on, so it is polled.</summary>
    private static async Task<HealthReportEntry> WaitForHealthAsync(AgentHost agent, Func<HealthReportEntry, bool> condition)
    {
        var health = agent.Host.Services.GetRequiredService<HealthCheckService>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(EdgeTestKit.Patience);
        while (true)
        {
            var entry = (await health.CheckHealthAsync(r => r.Name == EdgeAgentHealthCheck.Name, deadline.Token)).Entries[EdgeAgentHealthCheck.Name];
            if (condition(entry))
            {
                return entry;
            }

            Assert.False(deadline.IsCancellationRequested, $"The agent's health stayed at: {entry.Status} {entry.Description}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
