using EdgeVision.Contracts.Topics;
using EdgeVision.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Dashboard.Mqtt;

/// <summary>
/// Keeps one MQTT 5 client subscribed to every camera's results, status and control messages. A loop checks the
/// connection with <c>TryPingAsync</c> and reconnects with exponential backoff and jitter (<see cref="ReconnectBackoff"/>);
/// it never reconnects from inside MQTTnet's disconnect event. Messages are small JSON and are folded on the receive path.
/// </summary>
public sealed partial class DashboardSubscriber(
    IOptions<DashboardOptions> options,
    DashboardMessageHandler handler,
    BrokerConnectionState state,
    DashboardInstruments instruments,
    TimeProvider time,
    ILogger<DashboardSubscriber> logger) : BackgroundService
{
    /// <summary>What the dashboard subscribes to. A <c>Subscriber</c> account may be refused <c>control</c> or <c>latency</c>; the rest still works.</summary>
    public static IReadOnlyList<string> Filters { get; } =
        [MqttTopics.Filter(TopicKind.Results), MqttTopics.Filter(TopicKind.Status), MqttTopics.Filter(TopicKind.Control), MqttTopics.Filter(TopicKind.Latency)];

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly DashboardOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            handler.Handle(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += e =>
        {
            // Our own DISCONNECT at shutdown is no loss worth a warning.
            if (e.ClientWasConnected && !stoppingToken.IsCancellationRequested)
            {
                var reason = e.Exception?.Message ?? $"{e.Reason} {e.ReasonString}".Trim();
                state.Lost(time.GetUtcNow(), reason);
                LogLost(logger, _options.BrokerHost, _options.BrokerPort, reason);
            }

            return Task.CompletedTask;
        };

        var clientOptions = BuildClientOptions();
        var minDelay = TimeSpan.FromSeconds(_options.ReconnectMinDelaySeconds);
        var maxDelay = TimeSpan.FromSeconds(_options.ReconnectMaxDelaySeconds);
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (client.IsConnected && await client.TryPingAsync(stoppingToken))
                {
                    await Task.Delay(CheckInterval, time, stoppingToken);
                    continue;
                }

                try
                {
                    await ConnectAndSubscribeAsync(client, clientOptions, stoppingToken);
                    instruments.ConnectAttempt(succeeded: true);
                    failures = 0;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    instruments.ConnectAttempt(succeeded: false);
                    failures++;
                    var wait = ReconnectBackoff.Delay(failures, minDelay, maxDelay, ReconnectBackoff.DefaultJitter, Random.Shared.NextDouble());
                    var reason = Describe(ex);
                    state.Failed(time.GetUtcNow(), failures, reason, time.GetUtcNow() + wait);
                    LogConnectFailed(logger, _options.BrokerHost, _options.BrokerPort, failures, wait.TotalSeconds, reason);
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        if (client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await client.DisconnectAsync(cancellationToken: timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or MqttCommunicationException)
            {
                // Shutting down: the broker sees the connection drop instead of a DISCONNECT.
            }
        }
    }

    private async Task ConnectAndSubscribeAsync(IMqttClient client, MqttClientOptions clientOptions, CancellationToken cancellationToken)
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync(cancellationToken: cancellationToken);
        }

        var connected = await client.ConnectAsync(clientOptions, cancellationToken);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"The broker refused the connection: {connected.ResultCode} {connected.ReasonString}".Trim());
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in Filters)
        {
            subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var result = await client.SubscribeAsync(subscribe.Build(), cancellationToken);
        var subscriptions = result.Items
            .Select(item => new SubscriptionSnapshot(item.TopicFilter.Topic, item.ResultCode <= MqttClientSubscribeResultCode.GrantedQoS2, item.ResultCode.ToString()))
            .ToList();
        foreach (var refused in subscriptions.Where(s => !s.Granted))
        {
            LogSubscriptionRefused(logger, refused.Filter, refused.ResultCode);
        }

        state.Connected(time.GetUtcNow(), subscriptions);
        LogConnected(logger, clientOptions.ClientId, _options.BrokerHost, _options.BrokerPort, subscriptions.Count(s => s.Granted), subscriptions.Count);
    }

    private MqttClientOptions BuildClientOptions()
    {
        var clientId = string.IsNullOrEmpty(_options.ClientId) ? $"edgevision-dashboard-{Guid.NewGuid():N}"[..29] : _options.ClientId;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.BrokerHost, _options.BrokerPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCleanStart()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (!string.IsNullOrEmpty(_options.Username))
        {
            builder.WithCredentials(_options.Username, _options.Password);
        }

        return builder.Build();
    }

    /// <summary>MQTTnet wraps socket errors ("Error while connecting host ..."); the inner message says why ("Connection refused").</summary>
    private static string Describe(Exception ex) =>
        ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{ex.Message} {inner.Message}" : ex.Message;

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard MQTT client {ClientId} connected to {Host}:{Port}; {Granted} of {Requested} subscriptions granted")]
    private static partial void LogConnected(ILogger logger, string clientId, string host, int port, int granted, int requested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused the dashboard's subscription to {Filter}: {ResultCode}")]
    private static partial void LogSubscriptionRefused(ILogger logger, string filter, string resultCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard lost its connection to {Host}:{Port}: {Reason}")]
    private static partial void LogLost(ILogger logger, string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard could not connect to {Host}:{Port} (attempt {Failures}); retrying in {DelaySeconds:0.0} s: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, int failures, double delaySeconds, string reason);
}
