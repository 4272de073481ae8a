using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeVision.Testing;
using EdgeVision.Tests.Edge.Agent;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeVision.Tests.Edge.Publishing;

/// <summary>The agent over TLS to mosquitto, trusting a private CA made in the test (not the system store).</summary>
[Trait("Category", "EndToEnd")]
public sealed class TlsPublishingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edgevision-tls-");

    [Fact]
    public async Task SequencesArePublishedOverTlsToABrokerSignedByTheConfiguredCa()
    {
        var (ca, cert, key) = WriteCertificates("127.0.0.1");
        await using var mosquitto = await MosquittoBroker.StartNewAsync(listenerOptions: [$"cafile {ca}", $"certfile {cert}", $"keyfile {key}"], cancellationToken: TestContext.Current.CancellationToken);
        await using var agent = AgentHost.Create(mosquitto.Port, AgentHost.Generator(frames: 40), new Dictionary<string, string?>
        {
            ["Mqtt:UseTls"] = "true",
            ["Mqtt:CaCertificatePath"] = ca,
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
        var (_, cert, key) = WriteCertificates("127.0.0.1");
        var (otherCa, _, _) = WriteCertificates("127.0.0.1", "other");
        await using var mosquitto = await MosquittoBroker.StartNewAsync(listenerOptions: [$"certfile {cert}", $"keyfile {key}"], cancellationToken: TestContext.Current.CancellationToken);
        await using var agent = AgentHost.Create(mosquitto.Port, AgentHost.Generator(frames: 8), new Dictionary<string, string?>
        {
            ["Mqtt:UseTls"] = "true",
            ["Mqtt:CaCertificatePath"] = otherCa,
            ["Mqtt:OfflineQueueCapacity"] = "1",
        });
        var meters = agent.Host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var dropped = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(meters, "EdgeVision.Edge", EdgeVision.Edge.Publishing.PublisherInstruments.DroppedName);

        await agent.StartAsync();
        // Two sequences into a queue of one: the second pushes the first out because the broker is never reached.
        await dropped.WaitForMeasurementsAsync(1, EdgeTestKit.Patience);

        Assert.False(agent.Publisher.IsReady);
        Assert.Equal(0, agent.Publisher.Instruments.Published);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>A CA and a server certificate it signed for <paramref name="host"/>, as PEM files mosquitto reads.</summary>
    private (string Ca, string Cert, string Key) WriteCertificates(string host, string prefix = "test")
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN=EdgeVision {prefix} CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Parse(host));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(ca, now.AddDays(-1), now.AddHours(23), [1, 2, 3, 4]);

        var caPath = Path.Combine(_directory.FullName, $"{prefix}-ca.crt");
        var certPath = Path.Combine(_directory.FullName, $"{prefix}-server.crt");
        var keyPath = Path.Combine(_directory.FullName, $"{prefix}-server.key");
        File.WriteAllText(caPath, ca.ExportCertificatePem());
        File.WriteAllText(certPath, server.ExportCertificatePem());
        File.WriteAllText(keyPath, serverKey.ExportPkcs8PrivateKeyPem());
        return (caPath, certPath, keyPath);
    }
}
