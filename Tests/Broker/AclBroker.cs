using EdgeVision.Mqtt;
using EdgeVision.Testing;
using EdgeVision.Tests.Fixtures;
using MQTTnet;

namespace EdgeVision.Tests.Broker;

/// <summary>
/// A broker with the accounts of <see cref="AclRules.Users"/>: the embedded broker (users with roles) or Debian's mosquitto
/// with the shipped ACL file and a password file made with <c>mosquitto_passwd</c>.
/// </summary>
internal sealed class AclBroker : IAsyncDisposable
{
    public const string Embedded = "embedded";
    public const string Mosquitto = "mosquitto";

    private readonly IAsyncDisposable _server;

    private AclBroker(string name, int port, IAsyncDisposable server)
    {
        Name = name;
        Port = port;
        _server = server;
    }

    public string Name { get; }

    public int Port { get; }

    public static async Task<AclBroker> StartAsync(string name, CancellationToken cancellationToken)
    {
        if (name == Embedded)
        {
            var broker = await InProcessBroker.StartAsync(users: AclRules.Users, cancellationToken: cancellationToken);
            return new AclBroker(name, broker.Port, broker);
        }

        var accounts = new MosquittoAccounts(AclRules.Users.ToDictionary(u => u.Username, u => u.Password), AclRules.ShippedMosquittoAcl);
        var mosquitto = await MosquittoBroker.StartNewAsync(durableSessions: false, accounts: accounts, cancellationToken: cancellationToken);
        return new AclBroker(name, mosquitto.Port, mosquitto);
    }

    /// <summary>A connected MQTT 5 client logged in as <paramref name="username"/>.</summary>
    public async Task<IMqttClient> ConnectAsync(string username, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttConnectionOptions { Port = Port, Username = username, Password = AclRules.Password };
        var result = await client.ConnectAsync(new MqttClientOptionsFactory(options).Create($"acl-{username}-{Guid.NewGuid():N}"), cancellationToken);
        return result.ResultCode == MqttClientConnectResultCode.Success ? client : throw new InvalidOperationException($"{Name} refused '{username}': {result.ResultCode}");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
