using EdgeVision.Contracts.Wire.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Edge.Publishing;

public sealed partial class MqttSequencePublisher
{
    /// <summary>Every connect carries the last will: a retained <c>offline</c> status, published by the broker if the agent vanishes.</summary>
    private void AddLastWill(MqttClientOptionsBuilder session) => session
        .WithWillTopic(_identity.StatusTopic)
        .WithWillPayload(StatusPayload(CameraState.Offline, "connection lost"))
        .WithWillRetain()
        .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithWillContentType("application/json");

    /// <summary>After every connect: the camera's control subscription, then the retained <c>online</c> status.</summary>
    private async Task OnConnectedAsync(IMqttClient client, MqttClientConnectResult connected, CancellationToken cancellationToken)
    {
        var subscription = await client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_identity.ControlTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            cancellationToken).ConfigureAwait(false);
        if (subscription.Items.FirstOrDefault() is { } granted && (int)granted.ResultCode >= 0x80)
        {
            LogControlSubscribeRefused(_logger, _identity.ControlTopic, granted.ResultCode);
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
