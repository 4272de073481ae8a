using EdgeVision.Broker;
using EdgeVision.Contracts.Topics;
using EdgeVision.Mqtt;
using EdgeVision.Tests.Fixtures;
using EdgeVision.Tests.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Broker;

/// <summary>
/// The embedded broker's TLS listener (<c>Broker:Tls</c>) with a certificate a private CA made here signed: MQTTnet clients
/// through <see cref="MqttConnectionKeeper"/> as the components connect, and Debian's <c>mosquitto_pub</c>/<c>mosquitto_sub</c>.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BrokerTlsTests : IDisposable
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private readonly TestCertificateAuthority _ca = new();

    [Fact]
    public async Task BothListenersServeTheSameBroker()
    {
        await using var broker = await StartAsync();
        using var subscriber = Keeper(broker.TlsPort, tls: true);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.Client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        Assert.Null(await subscriber.TryConnectAsync(_cancellation));
        await subscriber.Client.SubscribeAsync("tls/#", MqttQualityOfServiceLevel.AtLeastOnce, _cancellation);

        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        await publisher.PublishStringAsync("tls/check", "over clear text", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: _cancellation);

        Assert.Equal("over clear text", await received.Task.WaitAsync(TimeSpan.FromSeconds(30), _cancellation));
        Assert.NotEqual(0, broker.Port);
    }

    [Fact]
    public async Task TlsOnlyOpensNoClearTextListener()
    {
        await using var broker = await StartAsync(new() { ["Broker:Tls:Only"] = "true" });
        using var clearText = Keeper(broker.TlsPort, tls: false);
        using var tls = Keeper(broker.TlsPort, tls: true);

        var health = await broker.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == BrokerHealthCheck.Name, _cancellation);

        Assert.Equal(0, broker.Port);
        Assert.Null(broker.Services.GetRequiredService<MqttBrokerService>().LocalEndPoint);
        Assert.Equal($"Listening on 127.0.0.1:{broker.TlsPort} (TLS).", health.Entries[BrokerHealthCheck.Name].Description);
        Assert.NotNull(await clearText.TryConnectAsync(_cancellation));
        Assert.Null(await tls.TryConnectAsync(_cancellation));
    }

    [Fact]
    public async Task AClientWithoutTheCaIsRefusedNamingTheKeyToSet()
    {
        using var other = new TestCertificateAuthority("other");
        await using var broker = await StartAsync(new() { ["Broker:Tls:Only"] = "true" });
        using var withoutCa = Keeper(broker.TlsPort, tls: true, ca: null);
        using var otherCa = Keeper(broker.TlsPort, tls: true, ca: other.CertificatePath);

        var systemStore = await withoutCa.TryConnectAsync(_cancellation);
        var wrongCa = await otherCa.TryConnectAsync(_cancellation);

        Assert.StartsWith("the broker's certificate (CN=127.0.0.1, issued by CN=EdgeVision test CA) is not signed by a CA of the system store (", systemStore);
        Assert.EndsWith("): set Test:Mqtt:CaCertificatePath to the PEM file of the CA that signed it.", systemStore);
        Assert.StartsWith($"the broker's certificate (CN=127.0.0.1, issued by CN=EdgeVision test CA) is not signed by the CA in {other.CertificatePath} (", wrongCa);
        Assert.EndsWith("): check Test:Mqtt:CaCertificatePath.", wrongCa);
    }

    [Fact]
    public async Task ARequiredClientCertificateMustBeSignedByTheClientCa()
    {
        using var other = new TestCertificateAuthority("other");
        await using var broker = await StartAsync(new() { ["Broker:Tls:Only"] = "true", ["Broker:Tls:ClientCaCertificatePath"] = _ca.CertificatePath });
        using var rejections = new MetricCollector<long>(broker.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), BrokerInstruments.MeterName, BrokerInstruments.RejectionsName);
        var signed = _ca.IssueClient("camera-1");
        var foreign = other.IssueClient("camera-1");
        using var withCertificate = Keeper(broker.TlsPort, tls: true, clientCertificate: signed);
        using var withoutCertificate = Keeper(broker.TlsPort, tls: true);
        using var withForeignCertificate = Keeper(broker.TlsPort, tls: true, clientCertificate: foreign);

        Assert.Null(await withCertificate.TryConnectAsync(_cancellation));
        Assert.NotNull(await withoutCertificate.TryConnectAsync(_cancellation));
        Assert.NotNull(await withForeignCertificate.TryConnectAsync(_cancellation));
        await rejections.WaitForMeasurementsAsync(2, TimeSpan.FromSeconds(30));

        Assert.Equal(2, rejections.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], BrokerInstruments.ReasonClientCertificate)).Sum(m => m.Value));
        var tls = Tls(_ca.CertificatePath);
        var received = await MosquittoClients.PublishRetainedAsync(broker.TlsPort, "tls/retained", "kept", [.. tls, "--cert", signed.Certificate, "--key", signed.Key]);
        var refused = await MosquittoClients.PublishRetainedAsync(broker.TlsPort, "tls/retained", "kept", tls);
        Assert.True(received.Exit == 0, received.Error);
        Assert.NotEqual(0, refused.Exit);
    }

    [Fact]
    public async Task MosquittoClientsWithTheCaFileGetAResultOverTlsAndTheAclStillApplies()
    {
        await using var broker = await StartAsync(new() { ["Broker:Tls:Only"] = "true" }, users: [SecuredBrokerFixture.Silo, SecuredBrokerFixture.Viewer]);
        using var other = new TestCertificateAuthority("other");
        string[] silo = ["-u", SecuredBrokerFixture.Silo.Username, "-P", SecuredBrokerFixture.Password, .. Tls(_ca.CertificatePath)];
        string[] viewer = ["-u", SecuredBrokerFixture.Viewer.Username, "-P", SecuredBrokerFixture.Password];
        var results = MqttTopics.Build(SecuredBrokerFixture.Site, "cam1", TopicKind.Results);
        var sequences = MqttTopics.Build(SecuredBrokerFixture.Site, "cam1", TopicKind.Sequences);

        var published = await MosquittoClients.PublishRetainedAsync(broker.TlsPort, results, "result", silo);
        var viewerReads = await MosquittoClients.ReceiveOneAsync(broker.TlsPort, results, [.. viewer, .. Tls(_ca.CertificatePath)]);
        var viewerSubscribesToSequences = await MosquittoClients.ReceiveOneAsync(broker.TlsPort, sequences, [.. viewer, .. Tls(_ca.CertificatePath)]);
        var otherCa = await MosquittoClients.ReceiveOneAsync(broker.TlsPort, results, [.. viewer, .. Tls(other.CertificatePath)]);
        var clearText = await MosquittoClients.ReceiveOneAsync(broker.TlsPort, results, viewer);

        Assert.True(published.Exit == 0, published.Error);
        Assert.True(viewerReads.Exit == 0, viewerReads.Error);
        Assert.Equal("result", viewerReads.Output);
        Assert.Equal("All subscription requests were denied.", viewerSubscribesToSequences.Error);
        Assert.NotEqual(0, otherCa.Exit);
        // mosquitto_sub words it "Unable to connect (...)" or "Error: ..." depending on when the handshake failed.
        Assert.Contains("A TLS error occurred", otherCa.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, clearText.Exit);
    }

    public void Dispose() => _ca.Dispose();

    /// <summary>mosquitto_pub/mosquitto_sub's TLS switches: trust <paramref name="ca"/>, and check the broker's name (127.0.0.1).</summary>
    private static string[] Tls(string ca) => ["--cafile", ca];

    /// <summary>The embedded broker with both listeners on free ports and a certificate for 127.0.0.1 the test's CA signed; <paramref name="settings"/> add keys.</summary>
    private async Task<InProcessBroker> StartAsync(Dictionary<string, string?>? settings = null, IEnumerable<BrokerUser>? users = null)
    {
        var (certificate, key) = _ca.IssueServer();
        var all = new Dictionary<string, string?>
        {
            ["Broker:Tls:Enabled"] = "true", ["Broker:Tls:Port"] = "0", ["Broker:Tls:CertificatePath"] = certificate, ["Broker:Tls:KeyPath"] = key,
        };
        foreach (var (name, value) in settings ?? [])
        {
            all[name] = value;
        }

        return await InProcessBroker.StartAsync(users: users, settings: all, cancellationToken: _cancellation);
    }

    private MqttConnectionKeeper Keeper(int port, bool tls, string? ca = "", (string Certificate, string Key)? clientCertificate = null)
    {
        var options = new MqttConnectionOptions
        {
            Port = port,
            UseTls = tls,
            CaCertificatePath = tls ? (ca == "" ? _ca.CertificatePath : ca) : null,
            ClientCertificatePath = clientCertificate?.Certificate,
            ClientKeyPath = clientCertificate?.Key,
            OperationTimeoutSeconds = 10,
        };
        Assert.Empty(options.Validate("Test:Mqtt"));
        return new MqttConnectionKeeper(new MqttClientOptionsFactory(options, key => $"Test:Mqtt:{key}"), $"tls-test-{Guid.NewGuid():N}", TimeProvider.System, NullLogger.Instance);
    }
}
