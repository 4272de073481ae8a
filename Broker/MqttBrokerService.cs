using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
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
/// (<see cref="ClientIdAssigningServerAdapter"/>). Beside (or instead of) the clear-text listener it serves TLS
/// (<see cref="BrokerTlsOptions"/>); both lead to the same sessions, accounts and ACL.
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
    private X509Certificate2? _certificate;

    /// <summary>The address and port of the clear-text listener (the real port when configured with 0); null when stopped or TLS only.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>The address and port of the TLS listener (the real port when configured with 0); null when stopped or TLS is off.</summary>
    public IPEndPoint? TlsEndPoint { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tls = _options.Tls;
        _certificate?.Dispose();
        _certificate = tls.Enabled ? BrokerCertificates.LoadServer(tls.CertificatePath!, tls.KeyPath) : null;
        var clientCertificates = tls is { Enabled: true, ClientCaCertificatePath: { Length: > 0 } ca }
            ? new ClientCertificateValidator(BrokerCertificates.LoadCa(ca), OnClientCertificateRefused)
            : null;
        var serverOptions = BuildServerOptions(_options, _certificate, clientCertificates);
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

        var address = IPAddress.Parse(_options.BindAddress);
        // MQTTnet writes the port the OS picked back into the endpoint options when it was 0.
        LocalEndPoint = serverOptions.DefaultEndpointOptions.IsEnabled ? new IPEndPoint(address, serverOptions.DefaultEndpointOptions.Port) : null;
        TlsEndPoint = serverOptions.TlsEndpointOptions.IsEnabled ? new IPEndPoint(address, serverOptions.TlsEndpointOptions.Port) : null;
        var endPoints = string.Join(", ", new[] { LocalEndPoint?.ToString(), TlsEndPoint is null ? null : $"{TlsEndPoint} (TLS)" }.OfType<string>());

        if (authenticator.IsAnonymous)
        {
            LogAnonymousMode(endPoints);
        }

        LogListening(endPoints, _options.Users.Count, _options.MaxMessageBytes, _options.MaxPendingMessagesPerClient, _options.MaxSessionExpirySeconds);
        if (TlsEndPoint is not null)
        {
            LogTlsListening(TlsEndPoint, _certificate!.Subject, _certificate.NotAfter.ToUniversalTime(),
                clientCertificates is null ? "not asked for" : $"required, signed by the CA in {tls.ClientCaCertificatePath}");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _server, null) is not { } server)
        {
            return;
        }

        LocalEndPoint = null;
        TlsEndPoint = null;
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
        _certificate?.Dispose();
    }

    /// <param name="options">Validated options.</param>
    /// <param name="certificate">The TLS listener's certificate with its key; null when TLS is off.</param>
    /// <param name="clientCertificates">Checks client certificates; null when the TLS listener asks for none.</param>
    internal static MqttServerOptions BuildServerOptions(BrokerOptions options, X509Certificate2? certificate = null, ClientCertificateValidator? clientCertificates = null)
    {
        var builder = options.Tls.Only ? new MqttServerOptionsBuilder().WithoutDefaultEndpoint() : new MqttServerOptionsBuilder().WithDefaultEndpoint();
        if (certificate is not null)
        {
            builder.WithEncryptedEndpoint()
                .WithEncryptedEndpointPort(options.Tls.Port)
                .WithEncryptionCertificate(certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
            if (clientCertificates is not null)
            {
                builder.WithClientCertificate(clientCertificates.Validate);
            }
        }

        var serverOptions = builder
            .WithDefaultEndpointPort(options.Port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(options.MaxPendingMessagesPerClient)
            // Not DropOldestQueuedMessage: see BrokerOptions.MaxPendingMessagesPerClient.
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropNewMessage)
            .Build();

        // WriterBufferSize/WriterBufferSizeMax stay at MQTTnet's 4 KB/64 KB: 64 KB/1 MB made no measurable difference
        // to 300 KB deliveries (A/B, 500 messages). The server sets no socket buffer sizes on accepted connections,
        // so the kernel autotunes them: the 8 KB cliff is a client-side setting (MqttClientTcpOptions.BufferSize).
        var address = IPAddress.Parse(options.BindAddress);
        Bind(serverOptions.DefaultEndpointOptions, address);
        Bind(serverOptions.TlsEndpointOptions, address);
        return serverOptions;
    }

    private static void Bind(MqttServerTcpEndpointBaseOptions endpoint, IPAddress address)
    {
        // Small control messages and acks must not wait for Nagle; MQTTnet's default, set here on purpose.
        endpoint.NoDelay = true;

        // One address family only: with port 0 an IPv4 and an IPv6 listener would get two different ports.
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
    }

    private void OnClientCertificateRefused(string reason)
    {
        instruments.Rejected(BrokerInstruments.ReasonClientCertificate);
        // The handshake comes before the client names itself: one log line per interval for all of them.
        if (_rejectionLog.ShouldLog("", BrokerInstruments.ReasonClientCertificate, out var suppressed))
        {
            LogClientCertificateRefused(reason, _options.Tls.ClientCaCertificatePath ?? "", suppressed);
        }
    }
}
