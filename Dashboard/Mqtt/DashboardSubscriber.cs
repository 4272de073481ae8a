using EdgeVision.Contracts.Topics;
using EdgeVision.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Dashboard.Mqtt;

/// <summary>
/// Keeps one MQTT 5 client subscribed to every camera's results, status, control messages and previews and every silo's status (an
/// <see cref="MqttConnectionKeeper"/>: reconnect with backoff and jitter, subscriptions again after every connect), and
/// tells <see cref="BrokerConnectionState"/> how it goes. Messages are small (JSON, thumbnails) and are folded on the receive path.
/// </summary>
public sealed partial class DashboardSubscriber(
    IOptions<DashboardOptions> options,
    DashboardMessageHandler handler,
    BrokerConnectionState state,
    DashboardInstruments instruments,
    TimeProvider time,
    ILogger<DashboardSubscriber> logger) : BackgroundService
{
    /// <summary>
    /// What the dashboard subscribes to: every camera's results, status, control, latency and preview, and every silo's status. A
    /// <c>Subscriber</c> account may be refused some (e.g. <c>preview</c> by a broker of an older ACL); the rest still works.
    /// </summary>
    public static IReadOnlyList<string> Filters { get; } =
    [
        MqttTopics.Filter(TopicKind.Results), MqttTopics.Filter(TopicKind.Status), MqttTopics.Filter(TopicKind.Control), MqttTopics.Filter(TopicKind.Latency),
        MqttTopics.Filter(TopicKind.Preview), MqttTopics.SiloStatusFilter,
    ];

    private readonly MqttConnectionOptions _options = options.Value.Mqtt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clientId = string.IsNullOrEmpty(_options.ClientId) ? $"edgevision-dashboard-{Guid.NewGuid():N}"[..29] : _options.ClientId;
        var factory = new MqttClientOptionsFactory(_options, key => $"{DashboardOptions.SectionName}:{nameof(DashboardOptions.Mqtt)}:{key}");
        using var connection = new MqttConnectionKeeper(factory, clientId, time, logger) { OnConnectedAsync = SubscribeAsync };
        connection.Client.ApplicationMessageReceivedAsync += e =>
        {
            handler.Handle(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
        connection.ConnectionLost += reason => state.Lost(time.GetUtcNow(), reason);
        connection.ConnectFailed += failure =>
        {
            instruments.ConnectAttempt(succeeded: false);
            var now = time.GetUtcNow();
            state.Failed(now, failure.Attempt, failure.Reason, now + failure.RetryIn);
        };
        await connection.RunAsync(stoppingToken);
        await connection.DisconnectAsync(farewell: null, CancellationToken.None);
    }

    /// <summary>After every connect: every filter; one the broker refuses shows in the health row, the rest still work.</summary>
    private async Task SubscribeAsync(IMqttClient client, MqttClientConnectResult connected, CancellationToken cancellationToken)
    {
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

        instruments.ConnectAttempt(succeeded: true);
        state.Connected(time.GetUtcNow(), subscriptions);
        LogSubscribed(logger, subscriptions.Count(s => s.Granted), subscriptions.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard subscribed: {Granted} of {Requested} subscriptions granted")]
    private static partial void LogSubscribed(ILogger logger, int granted, int requested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused the dashboard's subscription to {Filter}: {ResultCode}")]
    private static partial void LogSubscriptionRefused(ILogger logger, string filter, string resultCode);
}
