using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeVision.Broker.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace EdgeVision.Broker;

/// <summary>
/// The MQTTnet server as a hosted service: listens when the host starts, authenticates clients against
/// <see cref="BrokerOptions.Users"/>, applies <see cref="TopicAcl"/> and counts what passes and what is refused. It keeps
/// the sessions clients ask for (MQTT 5 session expiry, MQTT 3.1.1 clean session off), for a bounded time
/// (<see cref="KeptSessions"/>) with a bounded queue, and accepts MQTT 3.1.1 clients that leave their id to it
/// (<see cref="ClientIdAssigningServerAdapter"/>).
/// </summary>
internal sealed partial class MqttBrokerService(
    IOptions<BrokerOptions> options,
    BrokerAuthenticator authenticator,
    BrokerInstruments instruments,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<MqttBrokerService> logger) : IHostedService, IDisposable
{
    /// <summary>How often sessions kept for absent clients are checked for expiry.</summary>
    internal static readonly TimeSpan SessionSweepInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RejectionLogInterval = TimeSpan.FromSeconds(10);

    private readonly BrokerOptions _options = options.Value;
    private readonly RejectionLogLimiter _rejectionLog = new(time, RejectionLogInterval);
    private readonly KeptSessions _keptSessions = new(TimeSpan.FromSeconds(options.Value.MaxSessionExpirySeconds));

    // Client id -> user holding it, for as long as its session exists (kept sessions outlive the connection). MQTTnet
    // hands a reconnecting client id the existing session (and its items, where the principal lives) unless it asks
    // for a clean start, so an id must not pass from one user to another.
    private readonly ConcurrentDictionary<string, string> _clientOwners = new(StringComparer.Ordinal);

    private MqttServer? _server;
    private ITimer? _sessionSweep;

    /// <summary>The address and port the broker listens on (the real port when configured with 0); null when stopped.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var serverOptions = BuildServerOptions(_options);
        var factory = new MqttServerFactory();
        var adapters = factory.DefaultServerAdapters.Select(create => new ClientIdAssigningServerAdapter(create(factory)));
        var server = factory.CreateMqttServer(serverOptions, adapters, new MqttNetLoggerAdapter(loggerFactory.CreateLogger("MQTTnet")));

        // Handlers go on before the listener opens, so no client is ever served without them.
        server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        server.ClientConnectedAsync += OnClientConnectedAsync;
        server.ClientDisconnectedAsync += OnClientDisconnectedAsync;
        server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
        server.ApplicationMessageEnqueuedOrDroppedAsync += OnApplicationMessageEnqueuedOrDroppedAsync;
        server.SessionDeletedAsync += OnSessionDeletedAsync;

        await server.StartAsync();
        _server = server;
        _sessionSweep = time.CreateTimer(_ => _ = EndExpiredSessionsAsync(), null, SessionSweepInterval, SessionSweepInterval);

        var endpoint = serverOptions.DefaultEndpointOptions;
        var address = IPAddress.Parse(_options.BindAddress);
        // MQTTnet writes the port the OS picked back into the endpoint options when it was 0.
        LocalEndPoint = new IPEndPoint(address, endpoint.Port);

        if (authenticator.IsAnonymous)
        {
            LogAnonymousMode(LocalEndPoint);
        }

        LogListening(LocalEndPoint, _options.Users.Count, _options.MaxMessageBytes, _options.MaxPendingMessagesPerClient, _options.MaxSessionExpirySeconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _server, null) is not { } server)
        {
            return;
        }

        LocalEndPoint = null;
        if (_sessionSweep is { } sweep)
        {
            await sweep.DisposeAsync();
        }

        try
        {
            // Closes every client connection (DISCONNECT "server shutting down" for MQTT 5) before the listener.
            await server.StopAsync().WaitAsync(cancellationToken);
        }
        finally
        {
            server.Dispose();
        }

        LogStopped();
    }

    public void Dispose()
    {
        _sessionSweep?.Dispose();
        _server?.Dispose();
    }

    internal static MqttServerOptions BuildServerOptions(BrokerOptions options)
    {
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(options.Port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(options.MaxPendingMessagesPerClient)
            // Not DropOldestQueuedMessage: see BrokerOptions.MaxPendingMessagesPerClient.
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropNewMessage)
            .Build();

        // WriterBufferSize/WriterBufferSizeMax stay at MQTTnet's 4 KB/64 KB: 64 KB/1 MB made no measurable difference
        // to 300 KB deliveries (A/B, 500 messages). The server sets no socket buffer sizes on accepted connections,
        // so the kernel autotunes them: the 8 KB cliff is a client-side setting (MqttClientTcpOptions.BufferSize).
        var endpoint = serverOptions.DefaultEndpointOptions;
        // Small control messages and acks must not wait for Nagle; MQTTnet's default, set here on purpose.
        endpoint.NoDelay = true;

        // One address family only: with port 0 an IPv4 and an IPv6 listener would get two different ports.
        var address = IPAddress.Parse(options.BindAddress);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            endpoint.BoundInterNetworkV6Address = address;
            endpoint.BoundInterNetworkAddress = IPAddress.None;
        }
        else
        {
            endpoint.BoundInterNetworkAddress = address;
            endpoint.BoundInterNetworkV6Address = IPAddress.None;
        }

        return serverOptions;
    }
}
