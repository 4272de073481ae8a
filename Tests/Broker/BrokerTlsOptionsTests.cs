using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeVision.Broker;
using EdgeVision.Tests.Fixtures;
using EdgeVision.Tests.Mqtt;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Broker;

/// <summary><c>Broker:Tls</c>: what is checked at start, each problem naming the key to fix.</summary>
public sealed class BrokerTlsOptionsTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = new();
    private readonly (string Certificate, string Key) _server;

    public BrokerTlsOptionsTests() => _server = _ca.IssueServer();

    [Fact]
    public void ACertificateItsKeyAndAClientCaPass()
    {
        var options = Enabled();
        options.Tls.ClientCaCertificatePath = _ca.CertificatePath;
        options.Tls.Only = true;

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void ACertificateFileThatHoldsItsKeyNeedsNoKeyPath()
    {
        var combined = Path.Combine(Path.GetDirectoryName(_server.Certificate)!, "combined.pem");
        File.WriteAllText(combined, File.ReadAllText(_server.Certificate) + "\n" + File.ReadAllText(_server.Key));

        Assert.Empty(new BrokerOptions { Tls = new() { Enabled = true, CertificatePath = combined } }.Validate());
    }

    [Fact]
    public void AnEcdsaCertificateAndKeyPass()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var directory = Path.GetDirectoryName(_server.Certificate)!;
        var certificatePath = Path.Combine(directory, "ec.crt");
        var keyPath = Path.Combine(directory, "ec.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());

        Assert.Empty(new BrokerOptions { Tls = new() { Enabled = true, CertificatePath = certificatePath, KeyPath = keyPath } }.Validate());
    }

    [Fact]
    public void TlsKeysWithTlsOffAreRefusedNamingEach()
    {
        var options = new BrokerOptions { Tls = new() { Only = true, CertificatePath = _server.Certificate, KeyPath = _server.Key, ClientCaCertificatePath = _ca.CertificatePath } };

        Assert.Equal(
            [
                "Broker:Tls:Only is set but Broker:Tls:Enabled is false.", "Broker:Tls:CertificatePath is set but Broker:Tls:Enabled is false.",
                "Broker:Tls:KeyPath is set but Broker:Tls:Enabled is false.", "Broker:Tls:ClientCaCertificatePath is set but Broker:Tls:Enabled is false.",
            ],
            options.Validate());
    }

    [Fact]
    public void AnEnabledListenerNeedsACertificateAndAPortOfItsOwn()
    {
        var options = new BrokerOptions { Port = 8883, Tls = new() { Enabled = true } };

        Assert.Equal(
            [
                "Broker:Tls:Port must differ from Broker:Port, the clear-text listener's port (both were 8883).",
                "Broker:Tls:CertificatePath must name the PEM file of the broker's certificate when Broker:Tls:Enabled is true.",
            ],
            options.Validate());
    }

    [Fact]
    public void MissingFilesAreNamedByTheirKeys()
    {
        var missing = Path.Combine(Path.GetDirectoryName(_server.Certificate)!, "missing.pem");
        var noCertificate = Enabled(certificate: missing);
        var noKey = Enabled(key: missing);
        noKey.Tls.ClientCaCertificatePath = missing;

        Assert.Equal([$"Broker:Tls:CertificatePath names no file (was '{missing}')."], noCertificate.Validate());
        Assert.Equal([$"Broker:Tls:KeyPath names no file (was '{missing}').", $"Broker:Tls:ClientCaCertificatePath names no file (was '{missing}')."], noKey.Validate());
    }

    [Fact]
    public void AKeyOfAnotherCertificateIsRefusedNamingTheKeyPath()
    {
        var (_, otherKey) = _ca.IssueServer();

        var failure = Assert.Single(Enabled(key: otherKey).Validate());

        Assert.Equal($"Broker:Tls:KeyPath holds a private key that does not belong to the certificate in Broker:Tls:CertificatePath (was '{otherKey}').", failure);
    }

    [Fact]
    public void AFileWithoutAUsableKeyIsRefusedNamingTheKeyPath()
    {
        var garbage = Path.Combine(Path.GetDirectoryName(_server.Certificate)!, "garbage.key");
        File.WriteAllText(garbage, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        var certificateAsKey = Assert.Single(Enabled(key: _server.Certificate).Validate());
        var unreadable = Assert.Single(Enabled(key: garbage).Validate());
        var noKeyAtAll = Assert.Single(new BrokerOptions { Tls = new() { Enabled = true, CertificatePath = _server.Certificate } }.Validate());

        Assert.StartsWith($"Broker:Tls:KeyPath holds no usable private key for the certificate (was '{_server.Certificate}'): ", certificateAsKey);
        Assert.StartsWith($"Broker:Tls:KeyPath holds no usable private key for the certificate (was '{garbage}'): ", unreadable);
        Assert.StartsWith($"Broker:Tls:CertificatePath holds no usable private key for the certificate (was '{_server.Certificate}'): ", noKeyAtAll);
    }

    [Fact]
    public void AFileWithoutACertificateIsRefusedNamingItsKey()
    {
        var failures = Enabled(certificate: _server.Key).Validate();

        Assert.StartsWith($"Broker:Tls:CertificatePath is not a usable PEM certificate file (was '{_server.Key}'): ", Assert.Single(failures));
        var ca = Enabled();
        ca.Tls.ClientCaCertificatePath = _server.Key;
        Assert.Equal($"Broker:Tls:ClientCaCertificatePath is not a usable PEM certificate file (was '{_server.Key}'): it holds no PEM certificate.", Assert.Single(ca.Validate()));
    }

    [Fact]
    public async Task AKeyThatDoesNotMatchStopsTheBrokerAtStartNamingTheKey()
    {
        var (_, otherKey) = _ca.IssueServer();
        using var host = InProcessBroker.Build(settings: new Dictionary<string, string?>
        {
            ["Broker:Tls:Enabled"] = "true", ["Broker:Tls:Port"] = "0", ["Broker:Tls:CertificatePath"] = _server.Certificate, ["Broker:Tls:KeyPath"] = otherKey,
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("Broker:Tls:KeyPath holds a private key that does not belong to the certificate", Assert.Single(error.Failures));
    }

    public void Dispose() => _ca.Dispose();

    private BrokerOptions Enabled(string? certificate = null, string? key = null) => new()
    {
        Port = 0,
        Tls = new() { Enabled = true, Port = 0, CertificatePath = certificate ?? _server.Certificate, KeyPath = key ?? _server.Key },
    };
}
