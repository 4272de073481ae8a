using EdgeVision.Mqtt;
using EdgeVision.Tests.Mqtt;
using MQTTnet;

namespace EdgeVision.Tests.Dashboard;

/// <summary>The dashboard over TLS to mosquitto, trusting a private CA made in the test.</summary>
[Trait("Category", "EndToEnd")]
public sealed class DashboardTlsTests : IDisposable
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private readonly TestCertificateAuthority _ca = new();

    [Fact]
    public async Task ShowsResultsReceivedOverTlsFromABrokerSignedByTheConfiguredCa()
    {
        await using var mosquitto = await _ca.StartMosquittoAsync();
        await using var dashboard = await DashboardHost.StartAsync(Settings(mosquitto.Port, _ca.CertificatePath), _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);
        using var silo = new MqttClientFactory().CreateMqttClient();
        await silo.ConnectAsync(new MqttClientOptionsFactory(new MqttConnectionOptions { Port = mosquitto.Port, UseTls = true, CaCertificatePath = _ca.CertificatePath })
            .Create($"test-{Guid.NewGuid():N}"), _cancellation);

        await silo.PublishAsync(DashboardSamples.Result(camera: "over-tls", label: "grow"), _cancellation);
        var snapshot = await dashboard.WaitForAsync(s => DashboardHost.Camera(s, "over-tls") is not null, _cancellation);

        Assert.Equal("grow", DashboardHost.Camera(snapshot, "over-tls")!.Value.GetProperty("latest").GetProperty("label").GetString());
        Assert.Equal("Healthy", await dashboard.Client.GetStringAsync("/health", _cancellation));
    }

    [Fact]
    public async Task ABrokerCertificateFromAnotherCaIsRefusedAndThePageSaysWhy()
    {
        using var other = new TestCertificateAuthority("other");
        await using var mosquitto = await _ca.StartMosquittoAsync();
        await using var dashboard = await DashboardHost.StartAsync(Settings(mosquitto.Port, other.CertificatePath), _cancellation);

        var snapshot = await dashboard.WaitForAsync(s => s.GetProperty("broker").GetProperty("failedAttempts").GetInt32() >= 1, _cancellation);

        Assert.False(DashboardHost.Connected(snapshot));
        var error = snapshot.GetProperty("broker").GetProperty("lastError").GetString();
        Assert.Contains($"is not signed by the CA in {other.CertificatePath}", error, StringComparison.Ordinal);
        Assert.Contains("check Dashboard:Mqtt:CaCertificatePath.", error, StringComparison.Ordinal);
    }

    public void Dispose() => _ca.Dispose();

    private static Dictionary<string, string?> Settings(int port, string caFile)
    {
        var settings = DashboardHost.Settings(port);
        settings["Dashboard:Mqtt:UseTls"] = "true";
        settings["Dashboard:Mqtt:CaCertificatePath"] = caFile;
        return settings;
    }
}
