using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Edge.Publishing;

public sealed partial class MqttSequencePublisher
{
    /// <summary>
    /// Publishes <paramref name="jpeg"/> on the camera's preview topic, retained at QoS 0, beside the sequences and never
    /// queued behind them: a preview is worth sending only now. False when the broker is away or refused it.
    /// </summary>
    public async Task<bool> PublishPreviewAsync(byte[] jpeg, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        if (!IsReady)
        {
            return false;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_identity.PreviewTopic)
            .WithPayload(jpeg)
            .WithContentType("image/jpeg")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .WithRetainFlag()
            .Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(_operationTimeout);
        var result = await _connection.Client.PublishAsync(message, timeout.Token).ConfigureAwait(false);
        return IsAccepted(result.ReasonCode);
    }
}
