using EdgeVision.Mqtt;
using EdgeVision.Tests.Fixtures;
using EdgeVision.Tests.Mqtt;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MQTTnet;

namespace EdgeVision.Tests.Silo;

/// <summary>The silo's ingestion and result publisher over TLS to mosquitto, trusting a private CA made in the test.</summary>
[Trait("Category", "EndToEnd")]
public sealed class SiloTlsTests : IDisposable
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private readonly TestCertificateAuthority _ca = new();

    [Fact]
    public async Task IngestsAndPublishesResultsOverTlsToABrokerSignedByTheConfiguredCa()
    {
        await using var mosquitto = await _ca.StartMosquittoAsync();
        await using var silos = await SiloTestCluster.StartAsync(mosquitto.Port, settings: Settings(_ca.CertificatePath));
        await using var results = await ResultRecorder.StartAsync(await ConnectAsync(mosquitto.Port), _cancellation);
        await using var publisher = new SequencePublisher(await ConnectAsync(mosquitto.Port));
        await WaitForIngestionAsync(silos, entry => entry.Status == HealthStatus.Healthy);

        await publisher.PublishAsync(TestSequences.Create("site-tls", "cam-tls", 0, DateTimeOffset.UtcNow), _cancellation);
        await results.WaitUntilAsync(all => all.Any(r => r.Camera == "cam-tls"), _cancellation);

        Assert.Equal(0, Assert.Single(results.For("site-tls", "cam-tls")).SequenceNumber);
    }

    [Fact]
    public async Task ABrokerCertificateFromAnotherCaIsRefusedAndHealthSaysWhy()
    {
        using var other = new TestCertificateAuthority("other");
        await using var mosquitto = await _ca.StartMosquittoAsync();
        await using var silos = await SiloTestCluster.StartAsync(mosquitto.Port, settings: Settings(other.CertificatePath));

        var ingestion = await WaitForIngestionAsync(silos, entry => entry.Description?.Contains("is not signed by", StringComparison.Ordinal) == true);

        Assert.Equal(HealthStatus.Degraded, ingestion.Status);
        Assert.Contains($"is not signed by the CA in {other.CertificatePath}", ingestion.Description, StringComparison.Ordinal);
        Assert.Contains("check Silo:Mqtt:CaCertificatePath.", ingestion.Description, StringComparison.Ordinal);
    }

    public void Dispose() => _ca.Dispose();

    private static Dictionary<string, string?> Settings(string caFile) => new()
    {
        ["Silo:Mqtt:UseTls"] = "true",
        ["Silo:Mqtt:CaCertificatePath"] = caFile,
        ["Silo:Inference:TargetLatencyMs"] = "20000",
        ["Silo:Inference:MaxLatencyMs"] = "30000",
    };

    private Task<HealthReportEntry> WaitForIngestionAsync(SiloTestCluster silos, Func<HealthReportEntry, bool> condition) =>
        silos.WaitForIngestionAsync(0, condition, ResultRecorder.Timeout, _cancellation);

    private async Task<IMqttClient> ConnectAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttConnectionOptions { Port = port, UseTls = true, CaCertificatePath = _ca.CertificatePath };
        await client.ConnectAsync(new MqttClientOptionsFactory(options).Create($"test-{Guid.NewGuid():N}"), _cancellation);
        return client;
    }
}
