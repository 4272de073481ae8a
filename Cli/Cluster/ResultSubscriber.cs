using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using EdgeVision.Contracts.Topics;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Cli.Cluster;

/// <summary>
/// Reads the results topic of the camera a <c>--cluster</c> run publishes as (QoS 1, its own MQTT 5 connection beside
/// the edge publisher's). Connecting first also tells an unreachable broker apart before any frame is read. A lost
/// connection is retried with backoff and resumes the MQTT 5 session, so the broker delivers the results published
/// meanwhile (for up to <see cref="SessionExpiry"/>).
/// </summary>
internal sealed partial class ResultSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long the broker keeps the subscription and queues results while this client is away.</summary>
    private static readonly TimeSpan SessionExpiry = TimeSpan.FromMinutes(5);

    private readonly ClusterSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly Action<byte[], DateTimeOffset> _received;
    private readonly CancellationTokenSource _stopping = new();
    private readonly X509Certificate2Collection? _trustedCa;
    private Task _reconnect = Task.CompletedTask;
    private bool _sessionStarted;

    public ResultSubscriber(ClusterSettings settings, TimeProvider time, ILogger<ResultSubscriber> logger, Action<byte[], DateTimeOffset> received)
    {
        _settings = settings;
        _time = time;
        _logger = logger;
        _received = received;
        Topic = MqttTopics.Build(settings.Site, settings.Camera, TopicKind.Results);
        _trustedCa = settings.UseTls && settings.CaFile is { } path ? LoadCa(path) : null;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == Topic)
            {
                _received(e.ApplicationMessage.Payload.ToArray(), _time.GetUtcNow());
            }

            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_stopping.IsCancellationRequested)
            {
                LogLost(_logger, _settings.Broker, e.ReasonString ?? e.Exception?.Message ?? e.Reason.ToString());
                _reconnect = Task.Run(ReconnectAsync);
            }

            return Task.CompletedTask;
        };
    }

    public string Topic { get; }

    /// <summary>Connects and subscribes; an unreachable or refusing broker is a <see cref="BrokerUnavailableException"/> naming it.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (await TryConnectAsync(cancellationToken) is { } problem)
        {
            throw new BrokerUnavailableException($"Cannot use the MQTT broker at {_settings.Broker} (--broker): {problem}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _reconnect;
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(ConnectTimeout, _time);
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(),
                    timeout.Token);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Going away anyway.
            }
        }

        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task ReconnectAsync()
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!_stopping.IsCancellationRequested && !_client.IsConnected)
        {
            try
            {
                await Task.Delay(delay, _time, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryConnectAsync(_stopping.Token) is { } problem)
            {
                LogRetry(_logger, _settings.Broker, problem);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    /// <summary>Null when connected and subscribed, else what went wrong.</summary>
    private async Task<string?> TryConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            var connected = await _client.ConnectAsync(Options(), timeout.Token);
            if (connected.ResultCode != MqttClientConnectResultCode.Success)
            {
                return $"the broker refused the connection ({connected.ResultCode}{(connected.ReasonString is { } why ? $": {why}" : "")}).";
            }

            if (_sessionStarted && connected.IsSessionPresent)
            {
                return null; // The broker kept the subscription, and sends what it queued meanwhile.
            }

            var subscribed = await _client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
            if (subscribed.Items.FirstOrDefault() is { } granted && (int)granted.ResultCode >= 0x80)
            {
                return $"the broker refused the subscription to {Topic} ({granted.ResultCode}).";
            }

            _sessionStarted = true;
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {ConnectTimeout.TotalSeconds:0} s.";
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException
                                       or System.Security.Authentication.AuthenticationException or IOException)
        {
            return ex.InnerException is { } inner && ex.Message.Contains("Error while connecting", StringComparison.OrdinalIgnoreCase) ? inner.Message : ex.Message;
        }
    }

    private MqttClientOptions Options()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"edgevision-results-{_settings.Site}-{_settings.Camera}")
            .WithCleanStart(!_sessionStarted) // a fresh session per run; a reconnect resumes it
            .WithSessionExpiryInterval((uint)SessionExpiry.TotalSeconds)
            .WithTimeout(ConnectTimeout);
        if (!string.IsNullOrEmpty(_settings.Username))
        {
            builder.WithCredentials(_settings.Username, _settings.Password);
        }

        if (_settings.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                if (_trustedCa is { } trusted)
                {
                    tls.WithCertificateValidationHandler(args => ChainsTo(trusted, args.Certificate, args.SslPolicyErrors));
                }
            });
        }

        return builder.Build();
    }

    private static X509Certificate2Collection LoadCa(string path)
    {
        var trusted = new X509Certificate2Collection();
        try
        {
            trusted.ImportFromPemFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new ArgumentException($"--ca-file {path} is not a PEM certificate: {ex.Message}", ex);
        }

        return trusted.Count > 0 ? trusted : throw new ArgumentException($"--ca-file {path} holds no PEM certificate.");
    }

    /// <summary>As the edge agent checks it: the certificate names the host and chains to the given CA, not the system store.</summary>
    private static bool ChainsTo(X509Certificate2Collection trusted, X509Certificate? certificate, System.Net.Security.SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the results connection to {Broker} ({Reason}); reconnecting to the same session")]
    private static partial void LogLost(ILogger logger, string broker, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconnecting the results subscription to {Broker}: {Problem}")]
    private static partial void LogRetry(ILogger logger, string broker, string problem);
}
