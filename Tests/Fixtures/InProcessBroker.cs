using System.Globalization;
using EdgeVision.Broker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeVision.Tests.Fixtures;

/// <summary>
/// A real EdgeVision broker (the Broker project's <c>AddBroker</c>) on a free loopback port, in this process.
/// No users: anonymous mode. With users: authentication and the ACL apply.
/// </summary>
public sealed class InProcessBroker : IAsyncDisposable
{
    public const string Address = "127.0.0.1";

    /// <summary>Same reasoning as the edge publisher: MQTTnet's 8 KB default socket buffers make 300 KB messages crawl.</summary>
    public const int ClientBufferSize = 1024 * 1024;

    private readonly IHost _host;

    private InProcessBroker(IHost host, int port, int tlsPort)
    {
        _host = host;
        Port = port;
        TlsPort = tlsPort;
    }

    /// <summary>The clear-text listener's port; 0 when the broker serves TLS only.</summary>
    public int Port { get; }

    /// <summary>The TLS listener's port (<c>Broker:Tls</c>); 0 when TLS is off.</summary>
    public int TlsPort { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a broker; <paramref name="settings"/> are extra configuration keys (e.g. <c>Broker:MaxMessageBytes</c>).</summary>
    public static async Task<InProcessBroker> StartAsync(
        IEnumerable<BrokerUser>? users = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IHostApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var host = Build(users, settings, configure);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        var service = host.Services.GetRequiredService<MqttBrokerService>();
        if (service.LocalEndPoint is null && service.TlsEndPoint is null)
        {
            throw new InvalidOperationException("The broker started but reports no endpoint.");
        }

        return new InProcessBroker(host, service.LocalEndPoint?.Port ?? 0, service.TlsEndPoint?.Port ?? 0);
    }

    /// <summary>A host with the broker registered but not started (for start-failure tests).</summary>
    public static IHost Build(
        IEnumerable<BrokerUser>? users = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IHostApplicationBuilder>? configure = null)
    {
        // Empty builder: no appsettings.json or environment from the test's working directory leaks in.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Configuration.AddInMemoryCollection(ToSettings(users, settings));
        configure?.Invoke(builder);
        builder.AddBroker();
        return builder.Build();
    }

    /// <summary>MQTT 5 client options for this broker with large socket buffers and a unique client id.</summary>
    public MqttClientOptions ClientOptions(string? username = null, string? password = null, string? clientId = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(Address, Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId ?? $"test-{Guid.NewGuid():N}")
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (username is not null)
        {
            builder.WithCredentials(username, password);
        }

        var options = builder.Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = ClientBufferSize;
        return options;
    }

    /// <summary>A connected MQTT 5 client; throws <see cref="InvalidOperationException"/> naming the reason when refused.</summary>
    public async Task<IMqttClient> ConnectAsync(
        string? username = null, string? password = null, string? clientId = null, CancellationToken cancellationToken = default)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var result = await client.ConnectAsync(ClientOptions(username, password, clientId), cancellationToken);
            return result.ResultCode == MqttClientConnectResultCode.Success
                ? client
                : throw new InvalidOperationException($"The broker refused '{username}': {result.ResultCode}.");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects, returns the broker's CONNACK result code and disconnects again.</summary>
    public async Task<MqttClientConnectResultCode> TryConnectAsync(
        string? username = null, string? password = null, string? clientId = null, CancellationToken cancellationToken = default)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(ClientOptions(username, password, clientId), cancellationToken);
        if (client.IsConnected)
        {
            await client.DisconnectAsync(cancellationToken: cancellationToken);
        }

        return result.ResultCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static Dictionary<string, string?> ToSettings(IEnumerable<BrokerUser>? users, IReadOnlyDictionary<string, string?>? settings)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{BrokerOptions.SectionName}:{nameof(BrokerOptions.BindAddress)}"] = Address,
            [$"{BrokerOptions.SectionName}:{nameof(BrokerOptions.Port)}"] = "0",
        };

        var index = 0;
        foreach (var user in users ?? [])
        {
            var prefix = $"{BrokerOptions.SectionName}:{nameof(BrokerOptions.Users)}:{index++.ToString(CultureInfo.InvariantCulture)}";
            result[$"{prefix}:{nameof(BrokerUser.Username)}"] = user.Username;
            result[$"{prefix}:{nameof(BrokerUser.Password)}"] = user.Password;
            result[$"{prefix}:{nameof(BrokerUser.Role)}"] = user.Role.ToString();
            if (user.Site is not null)
            {
                result[$"{prefix}:{nameof(BrokerUser.Site)}"] = user.Site;
            }

            if (user.Camera is not null)
            {
                result[$"{prefix}:{nameof(BrokerUser.Camera)}"] = user.Camera;
            }
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            result[key] = value;
        }

        return result;
    }
}
