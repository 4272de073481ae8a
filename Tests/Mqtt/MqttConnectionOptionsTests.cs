using EdgeVision.Mqtt;

namespace EdgeVision.Tests.Mqtt;

/// <summary>The connection keys every MQTT section shares, checked once: each bad value named by its key.</summary>
public sealed class MqttConnectionOptionsTests : IDisposable
{
    private const string Section = "Component:Mqtt";

    /// <summary>A file that exists and holds no certificate.</summary>
    private static readonly string NotPem = Path.Combine(AppContext.BaseDirectory, "xunit.runner.json");

    private readonly TestCertificateAuthority _ca = new();

    public static TheoryData<string, Action<MqttConnectionOptions>> BadValues => new()
    {
        { "Host", o => o.Host = "not a host" },
        { "Port", o => o.Port = 0 },
        { "Password", o => o.Password = "secret" },
        { "ClientId", o => o.ClientId = new string('x', 200) },
        { "KeepAliveSeconds", o => o.KeepAliveSeconds = 0 },
        { "SocketBufferBytes", o => o.SocketBufferBytes = 1024 },
        { "ReconnectMinDelaySeconds", o => o.ReconnectMinDelaySeconds = double.NaN },
        { "ReconnectMaxDelaySeconds", o => o.ReconnectMaxDelaySeconds = 0.1 },
        { "OperationTimeoutSeconds", o => o.OperationTimeoutSeconds = 0 },
        { "CaCertificatePath", o => o.CaCertificatePath = NotPem },
        { "AllowUntrustedCertificates", o => o.AllowUntrustedCertificates = true },
        { "CaCertificatePath", o => (o.UseTls, o.CaCertificatePath) = (true, "/no/such/ca.crt") },
        { "CaCertificatePath", o => (o.UseTls, o.CaCertificatePath) = (true, NotPem) },
        { "ClientKeyPath", o => (o.UseTls, o.ClientKeyPath) = (true, NotPem) },
        { "ClientCertificatePath", o => (o.UseTls, o.ClientCertificatePath) = (true, NotPem) },
    };

    [Fact]
    public void TheDefaultsAreValid() => Assert.Empty(new MqttConnectionOptions().Validate(Section));

    [Theory]
    [MemberData(nameof(BadValues))]
    public void EachBadValueIsNamedByItsKey(string key, Action<MqttConnectionOptions> spoil)
    {
        var options = new MqttConnectionOptions();
        spoil(options);

        var failures = options.Validate(Section);

        Assert.Contains(failures, failure => failure.StartsWith($"{Section}:{key} ", StringComparison.Ordinal));
    }

    [Fact]
    public void ACaFileThatIsNotPemSaysWhichFileAndWhy()
    {
        var options = new MqttConnectionOptions { UseTls = true, CaCertificatePath = NotPem };

        var failure = Assert.Single(options.Validate(Section));

        Assert.Equal($"{Section}:CaCertificatePath is not a usable PEM file (was '{NotPem}'): it holds no PEM certificate.", failure);
    }

    [Fact]
    public void AClientCertificateWithTheKeyOfAnotherIsRefused()
    {
        var (certificate, _) = _ca.IssueClient("camera-1");
        var (_, otherKey) = _ca.IssueClient("camera-2");
        var options = new MqttConnectionOptions { UseTls = true, CaCertificatePath = _ca.CertificatePath, ClientCertificatePath = certificate, ClientKeyPath = otherKey };

        Assert.Contains(options.Validate(Section), failure => failure.StartsWith($"{Section}:ClientCertificatePath is not a usable PEM file", StringComparison.Ordinal));
    }

    [Fact]
    public void TlsWithAPrivateCaAndAClientCertificateIsValid()
    {
        var (certificate, key) = _ca.IssueClient("camera-1");
        var options = new MqttConnectionOptions { UseTls = true, CaCertificatePath = _ca.CertificatePath, ClientCertificatePath = certificate, ClientKeyPath = key };

        Assert.Empty(options.Validate(Section));
    }

    public void Dispose() => _ca.Dispose();
}
