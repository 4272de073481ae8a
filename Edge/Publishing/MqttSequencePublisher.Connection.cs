using EdgeVision.Contracts.Wire.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Edge.Publishing;

public sealed partial class MqttSequencePublisher
{
    /// <summary>
    /// How long the broker keeps the session of an edge that receives its outcomes while the edge is away: its results and
    /// drops subscription, and the outcomes published meanwhile (a broker restart, a reconnect), which the ledger would
    /// otherwise never see and count as <c>no_result</c>.
    /// </summary>
    public const uint OutcomeSessionExpirySeconds = 300;

    /// <summary>
    /// Every connect carries the last will (a retained <c>offline</c> status, published by the broker if the agent vanishes)
    /// and, when outcomes are received, asks the broker to keep the session (<see cref="OutcomeSessionExpirySeconds"/>).
    /// </summary>
    private void ConfigureSession(MqttClientOptionsBuilder session)
    {
        session
            .WithWillTopic(_identity.StatusTopic)
            .WithWillPayload(StatusPayload(CameraState.Offline, "connection lost"))
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json");
        if (_receiveOutcomes)
        {
            session.WithCleanStart(false).WithSessionExpiryInterval(OutcomeSessionExpirySeconds);
        }
    }

    /// <summary>
    /// After every connect: the camera's control subscription (and its results and drops, when outcomes are asked for),
    /// then the retained <c>online</c> status.
    /// </summary>
    private async Task OnConnectedAsync(IMqttClient client, MqttClientConnectResult connected, CancellationToken cancellationToken)
    {
        var filters = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_identity.ControlTopic, MqttQualityOfServiceLevel.AtLeastOnce);
        if (_receiveOutcomes)
        {
            filters = filters
                .WithTopicFilter(_identity.ResultsTopic, MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(_identity.DropsTopic, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var subscription = await client.SubscribeAsync(filters.Build(), cancellationToken).ConfigureAwait(false);
        foreach (var granted in subscription.Items.Where(item => (int)item.ResultCode >= 0x80))
        {
            LogSubscribeRefused(_logger, granted.TopicFilter.Topic, granted.ResultCode);
        }

        await PublishStatusAsync(CameraState.Online, null, cancellationToken).ConfigureAwait(false);
        Instruments.Connected();
        LogOnline(_logger, _identity.StatusTopic, _queue.Count);
    }

    private void OnReadyChanged(bool ready)
    {
        _queue.SetOnline(ready);
        ReadyChanged?.Invoke(ready);
    }

    /// <summary>A publish failed or timed out: the connection is checked and reopened now.</summary>
    private void SuspectConnection() => _connection.Recheck();
}
