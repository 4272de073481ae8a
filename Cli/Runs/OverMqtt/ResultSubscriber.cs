using System.Buffers;
using EdgeVision.Contracts.Topics;
using EdgeVision.Mqtt;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// Reads the results topic of the camera a <c>--cluster</c> run publishes as (QoS 1, its own MQTT 5 connection beside
/// the edge publisher's). Connecting first also tells an unreachable broker apart before any frame is read. A lost
/// connection is retried with backoff (<see cref="MqttConnectionKeeper"/>) and resumes the MQTT 5 session, so the broker
/// delivers the results published meanwhile (for up to <see cref="SessionExpiry"/>).
/// </summary>
internal sealed class ResultSubscriber : IAsyncDisposable
{
    /// <summary>How long the broker keeps the subscription and queues results while this client is away.</summary>
    private static readonly TimeSpan SessionExpiry = TimeSpan.FromMinutes(5);

    private readonly MqttConnectionKeeper _connection;
    private readonly CancellationTokenSource _stopping = new();
    private Task _keeping = Task.CompletedTask;
    private bool _sessionStarted;

    public ResultSubscriber(ClusterSettings settings, TimeProvider time, ILogger<ResultSubscriber> logger, Action<byte[], DateTimeOffset> received)
    {
        Topic = MqttTopics.Build(settings.Site, settings.Camera, TopicKind.Results);
        _connection = new MqttConnectionKeeper(new MqttClientOptionsFactory(settings.Mqtt, ClusterOptions.SwitchFor), $"edgevision-results-{settings.Site}-{settings.Camera}", time, logger)
        {
            // A fresh session per run; a reconnect resumes it.
            ConfigureSession = session => session.WithCleanStart(!_sessionStarted).WithSessionExpiryInterval((uint)SessionExpiry.TotalSeconds),
            OnConnectedAsync = SubscribeAsync,
        };
        _connection.Client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == Topic)
            {
                received(e.ApplicationMessage.Payload.ToArray(), time.GetUtcNow());
            }

            return Task.CompletedTask;
        };
    }

    public string Topic { get; }

    /// <summary>Connects and subscribes; an unreachable or refusing broker is a <see cref="BrokerUnavailableException"/> naming it.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (await _connection.TryConnectAsync(cancellationToken) is { } problem)
        {
            throw new BrokerUnavailableException($"Cannot use the MQTT broker at {_connection.Endpoint} (--broker): {problem}");
        }

        _keeping = _connection.RunAsync(_stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _keeping;
        await _connection.DisconnectAsync(farewell: null, CancellationToken.None);
        _connection.Dispose();
        _stopping.Dispose();
    }

    private async Task SubscribeAsync(IMqttClient client, MqttClientConnectResult connected, CancellationToken cancellationToken)
    {
        if (_sessionStarted && connected.IsSessionPresent)
        {
            return; // The broker kept the subscription, and sends what it queued meanwhile.
        }

        var subscribed = await client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        if (subscribed.Items.FirstOrDefault() is { } granted && (int)granted.ResultCode >= 0x80)
        {
            throw new InvalidOperationException($"the broker refused the subscription to {Topic} ({granted.ResultCode}).");
        }

        _sessionStarted = true;
    }
}
