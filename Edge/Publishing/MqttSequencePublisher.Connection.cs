using System.Security.Cryptography.X509Certificates;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.ServiceDefaults;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Edge.Publishing;

public sealed partial class MqttSequencePublisher
{
    /// <summary>How often a quiet connection is checked with a ping (publishes and the keep-alive catch the rest).</summary>
    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _readyGate = new();
    private TaskCompletionSource _wake = NewSignal();
    private X509Certificate2Collection? _trustedCa;

    /// <summary>
    /// The reconnect loop (STYLE.md: a loop around <c>TryPingAsync</c> and connect with backoff, never a reconnect from
    /// inside the disconnect event, which only wakes this loop).
    /// </summary>
    private async Task MaintainConnectionAsync(CancellationToken stopping)
    {
        var attempt = 0;
        while (!stopping.IsCancellationRequested)
        {
            var wake = _wake.Task;
            if (IsReady)
            {
                try
                {
                    await Task.WhenAny(wake, Task.Delay(HealthInterval, _time, stopping)).ConfigureAwait(false);
                    if (stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    using var ping = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    ping.CancelAfter(_operationTimeout);
                    if (IsReady && await _client.TryPingAsync(ping.Token).ConfigureAwait(false))
                    {
                        continue;
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }

                SetReady(false);
                LogConnectionLost(_logger, _options.Host, _options.Port);
            }

            if (await TryConnectAsync(stopping).ConfigureAwait(false))
            {
                attempt = 0;
                SetReady(true);
                continue;
            }

            attempt++;
            var delay = ReconnectBackoff.Delay(attempt, TimeSpan.FromSeconds(_options.ReconnectMinDelaySeconds),
                TimeSpan.FromSeconds(_options.ReconnectMaxDelaySeconds), ReconnectBackoff.DefaultJitter, Random.Shared.NextDouble());
            LogRetrying(_logger, attempt, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> TryConnectAsync(CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_operationTimeout);
        try
        {
            if (_client.IsConnected)
            {
                // A connection that stopped answering: drop it before opening a new one.
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token).ConfigureAwait(false);
            }

            var result = await _client.ConnectAsync(BuildClientOptions(), timeout.Token).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                LogConnectRefused(_logger, _options.Host, _options.Port, result.ResultCode, result.ReasonString);
                return false;
            }

            var subscription = await _client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_identity.ControlTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                timeout.Token).ConfigureAwait(false);
            if (subscription.Items.FirstOrDefault() is { } granted && (int)granted.ResultCode >= 0x80)
            {
                LogControlSubscribeRefused(_logger, _identity.ControlTopic, granted.ResultCode);
            }

            await PublishStatusAsync(CameraState.Online, null, timeout.Token).ConfigureAwait(false);
            Instruments.Connected();
            LogConnected(_logger, _options.Host, _options.Port, _client.Options.ClientId, _queue.Count);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !stopping.IsCancellationRequested)
        {
            LogConnectFailed(_logger, _options.Host, _options.Port, ex.Message);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private MqttClientOptions BuildClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(string.IsNullOrEmpty(_options.ClientId) ? _identity.DefaultClientId : _options.ClientId)
            .WithCleanStart()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(_options.KeepAliveSeconds))
            .WithTimeout(_operationTimeout)
            .WithWillTopic(_identity.StatusTopic)
            .WithWillPayload(StatusPayload(CameraState.Offline, "connection lost"))
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json");
        if (!string.IsNullOrEmpty(_options.Username))
        {
            builder.WithCredentials(_options.Username, _options.Password);
        }

        if (_options.UseTls)
        {
            builder.WithTlsOptions(ConfigureTls);
        }

        var options = builder.Build();
        // ARCHITECTURE.md: with MQTTnet's 8 KB default, 300 KB publishes crawl at ~8/s.
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = _options.SocketBufferSize;
        return options;
    }

    private void ConfigureTls(MqttClientTlsOptionsBuilder tls)
    {
        if (_options.AllowUntrustedCertificates)
        {
            tls.WithCertificateValidationHandler(_ => true);
        }
        else if (!string.IsNullOrEmpty(_options.CaCertificatePath))
        {
            _trustedCa ??= LoadCa(_options.CaCertificatePath);
            tls.WithCertificateValidationHandler(args => IsSignedByTrustedCa(args.Certificate, args.SslPolicyErrors));
        }
    }

    /// <summary>The broker's certificate must name the host and chain to the configured CA (not the system store).</summary>
    private bool IsSignedByTrustedCa(X509Certificate? certificate, System.Net.Security.SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustedCa!);
        return certificate is X509Certificate2 leaf ? chain.Build(leaf) : BuildCopy(chain, certificate);
    }

    private static bool BuildCopy(X509Chain chain, X509Certificate certificate)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private static X509Certificate2Collection LoadCa(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    private void SetReady(bool ready)
    {
        lock (_readyGate)
        {
            if (IsReady == ready)
            {
                return;
            }

            IsReady = ready;
            _queue.SetOnline(ready);
            ReadyChanged?.Invoke(ready);
        }
    }

    /// <summary>A publish failed or timed out: let the connection loop check the connection now.</summary>
    private void SuspectConnection()
    {
        SetReady(false);
        Signal(ref _wake);
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        // Our own DISCONNECT at stop raises this too; only a connection lost while running is news.
        if (e.ClientWasConnected && !_stopping.IsCancellationRequested)
        {
            LogBrokerDisconnected(_logger, e.Reason, e.ReasonString ?? e.Exception?.Message);
            SuspectConnection();
        }

        return Task.CompletedTask;
    }
}
