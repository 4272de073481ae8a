using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Silo;

/// <summary>Publishes sequences the way an edge does: protobuf on the camera's sequences topic, QoS 1, large socket buffers.</summary>
internal sealed class SequencePublisher(IMqttClient client) : IAsyncDisposable
{
    public static async Task<SequencePublisher> ConnectAsync(Fixtures.InProcessBroker broker, CancellationToken cancellationToken) =>
        new(await broker.ConnectAsync(cancellationToken: cancellationToken));

    public Task PublishAsync(FrameSequence sequence, CancellationToken cancellationToken) =>
        PublishRawAsync(MqttTopics.Build(sequence.SiteId, sequence.CameraId, TopicKind.Sequences), SequenceCodec.Encode(sequence), cancellationToken);

    public async Task PublishRawAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"The broker refused a publish to {topic}: {result.ReasonCode}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        client.Dispose();
    }
}
