using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Dashboard;

/// <summary>Publishes the silo's and edge's JSON messages with a plain MQTTnet client, as they would.</summary>
internal static class DashboardPublisher
{
    public static Task PublishAsync(this IMqttClient client, CameraStatus status, CancellationToken cancellationToken) =>
        Publish(client, MqttTopics.Build(status.Site, status.Camera, TopicKind.Status), JsonMessageCodec.Encode(status), retain: true, cancellationToken);

    public static Task PublishAsync(this IMqttClient client, InferenceResult result, CancellationToken cancellationToken) =>
        Publish(client, MqttTopics.Build(result.Site, result.Camera, TopicKind.Results), JsonMessageCodec.Encode(result), retain: false, cancellationToken);

    public static Task PublishAsync(this IMqttClient client, ControlMessage control, CancellationToken cancellationToken) =>
        Publish(client, MqttTopics.Build(control.Site, control.Camera, TopicKind.Control), JsonMessageCodec.Encode(control), retain: false, cancellationToken);

    public static Task PublishAsync(this IMqttClient client, LatencyReport report, CancellationToken cancellationToken) =>
        Publish(client, MqttTopics.Build(report.Site, report.Camera, TopicKind.Latency), JsonMessageCodec.Encode(report), retain: true, cancellationToken);

    /// <summary>A silo's drop notice, not retained, as the silo publishes it.</summary>
    public static Task PublishAsync(this IMqttClient client, DropNotice notice, CancellationToken cancellationToken) =>
        Publish(client, MqttTopics.Build(notice.Site, notice.Camera, TopicKind.Drops), JsonMessageCodec.Encode(notice), retain: false, cancellationToken);

    /// <summary>A camera's preview, retained as the edge publishes it.</summary>
    public static Task PublishPreviewAsync(this IMqttClient client, string site, string camera, byte[] jpeg, CancellationToken cancellationToken) =>
        Publish(client, MqttTopics.Build(site, camera, TopicKind.Preview), jpeg, retain: true, cancellationToken);

    /// <summary>A silo's status, retained as the silo publishes it.</summary>
    public static Task PublishAsync(this IMqttClient client, EdgeVision.Contracts.Wire.Json.SiloStatus status, CancellationToken cancellationToken) =>
        Publish(client, MqttTopics.SiloStatus(status.SiloId), JsonMessageCodec.Encode(status), retain: true, cancellationToken);

    public static Task PublishRawAsync(this IMqttClient client, string topic, byte[] payload, CancellationToken cancellationToken) =>
        Publish(client, topic, payload, retain: false, cancellationToken);

    private static async Task Publish(IMqttClient client, string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await client.PublishAsync(message, cancellationToken);
        // No subscriber yet is fine: a retained status waits for the dashboard.
        if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
        {
            throw new InvalidOperationException($"Publishing to {topic} failed: {result.ReasonCode}.");
        }
    }
}
