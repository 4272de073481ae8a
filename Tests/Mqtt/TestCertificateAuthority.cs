using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeVision.Testing;

namespace EdgeVision.Tests.Mqtt;

/// <summary>
/// A private CA made in the test, written as PEM files mosquitto and the MQTT options read: its own certificate, and
/// server and client certificates it signs. Everything lives in a temporary folder removed on dispose.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edgevision-tls-");
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private int _issued;

    public TestCertificateAuthority(string name = "test")
    {
        var now = DateTimeOffset.UtcNow;
        var request = new CertificateRequest($"CN=EdgeVision {name} CA", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        CertificatePath = Path.Combine(_directory.FullName, $"{name}-ca.crt");
        File.WriteAllText(CertificatePath, _certificate.ExportCertificatePem());
    }

    /// <summary>The CA's certificate (PEM): what a client trusts, what mosquitto's <c>cafile</c> names.</summary>
    public string CertificatePath { get; }

    /// <summary>A server certificate for the IP address <paramref name="host"/>, and its key.</summary>
    public (string Certificate, string Key) IssueServer(string host = "127.0.0.1")
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Parse(host));
        return Issue($"CN={host}", "1.3.6.1.5.5.7.3.1", names.Build());
    }

    /// <summary>Debian's mosquitto with a TLS listener whose certificate for 127.0.0.1 this CA signed; <paramref name="listenerOptions"/> adds lines.</summary>
    public Task<MosquittoBroker> StartMosquittoAsync(params string[] listenerOptions)
    {
        var (certificate, key) = IssueServer();
        return MosquittoBroker.StartNewAsync(listenerOptions: [$"certfile {certificate}", $"keyfile {key}", .. listenerOptions], cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>A client certificate (TLS client authentication) for <paramref name="commonName"/>, and its key.</summary>
    public (string Certificate, string Key) IssueClient(string commonName) => Issue($"CN={commonName}", "1.3.6.1.5.5.7.3.2", null);

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
        _directory.Delete(recursive: true);
    }

    private (string Certificate, string Key) Issue(string subject, string usage, X509Extension? names)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var serial = Interlocked.Increment(ref _issued);
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(_certificate, now.AddDays(-1), now.AddHours(23), BitConverter.GetBytes(serial));
        var certificatePath = Path.Combine(_directory.FullName, $"issued-{serial}.crt");
        var keyPath = Path.Combine(_directory.FullName, $"issued-{serial}.key");
        File.WriteAllText(certificatePath, issued.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
