using EdgeVision.Mqtt;
using EdgeVision.Testing;
using EdgeVision.Tests.Fixtures;
using EdgeVision.Tests.Mqtt;
using MQTTnet;

namespace EdgeVision.Tests.Broker;

/// <summary>
/// A broker with the accounts of <see cref="AclRules.Users"/>: the embedded broker (users with roles) or Debian's mosquitto
/// with the shipped ACL file and a password file made with <c>mosquitto_passwd</c>. With a <see cref="TestCertificateAuthority"/>,
/// either serves TLS only, with a certificate for 127.0.0.1 that CA signed.
/// </summary>
internal sealed class AclBroker : IAsyncDisposable
{
    public const string Embedded = "embedded";
    public const string Mosquitto = "mosquitto";

    private readonly IAsyncDisposable _server;

    private AclBroker(string name, int port, IAsyncDisposable server, TestCertificateAuthority? tls)
    {
        Name = name;
        Port = port;
        _server = server;
        Tls = tls;
    }

    public string Name { get; }

    /// <summary>The port clients use: the TLS listener's when the broker serves TLS.</summary>
    public int Port { get; }

    /// <summary>The CA that signed the broker's certificate; null when the broker speaks clear text.</summary>
    public TestCertificateAuthority? Tls { get; }

    public static async Task<AclBroker> StartAsync(string name, CancellationToken cancellationToken, TestCertificateAuthority? tls = null)
    {
        var (certificate, key) = tls?.IssueServer() ?? default;
        if (name == Embedded)
        {
            var settings = tls is null ? null : new Dictionary<string, string?>
            {
                ["Broker:Tls:Enabled"] = "true", ["Broker:Tls:Port"] = "0", ["Broker:Tls:Only"] = "true",
                ["Broker:Tls:CertificatePath"] = certificate, ["Broker:Tls:KeyPath"] = key,
            };
            var broker = await InProcessBroker.StartAsync(users: AclRules.Users, settings: settings, cancellationToken: cancellationToken);
            return new AclBroker(name, tls is null ? broker.Port : broker.TlsPort, broker, tls);
        }

        var accounts = new MosquittoAccounts(AclRules.Users.ToDictionary(u => u.Username, u => u.Password), AclRules.ShippedMosquittoAcl);
        var mosquitto = await MosquittoBroker.StartNewAsync(listenerOptions: tls is null ? null : [$"certfile {certificate}", $"keyfile {key}"],
            durableSessions: false, accounts: accounts, cancellationToken: cancellationToken);
        return new AclBroker(name, mosquitto.Port, mosquitto, tls);
    }

    /// <summary>How a component reaches this broker as <paramref name="username"/>: TLS trusting <see cref="Tls"/> when it serves TLS.</summary>
    public MqttConnectionOptions Connection(string username) => new()
    {
        Port = Port, Username = username, Password = AclRules.Password, UseTls = Tls is not null, CaCertificatePath = Tls?.CertificatePath,
    };

    /// <summary>A connected MQTT 5 client logged in as <paramref name="username"/>.</summary>
    public async Task<IMqttClient> ConnectAsync(string username, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = Connection(username);
        var result = await client.ConnectAsync(new MqttClientOptionsFactory(options).Create($"acl-{username}-{Guid.NewGuid():N}"), cancellationToken);
        return result.ResultCode == MqttClientConnectResultCode.Success ? client : throw new InvalidOperationException($"{Name} refused '{username}': {result.ResultCode}");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
