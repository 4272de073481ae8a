using EdgeVision.Contracts.Topics;
using EdgeVision.Mqtt;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// Before a <c>--cluster</c> run opens its source: one connection to the broker that subscribes to the camera's results and
/// drops topics (the run's publisher receives its outcomes there) and closes again, so that a broker that cannot be reached,
/// refuses the connection or refuses the subscription ends the run at once, naming the broker.
/// </summary>
internal static class BrokerCheck
{
    /// <summary>Throws <see cref="BrokerUnavailableException"/> with the problem when the broker cannot serve the run.</summary>
    public static async Task RunAsync(ClusterSettings settings, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        string[] topics = [MqttTopics.Build(settings.Site, settings.Camera, TopicKind.Results), MqttTopics.Build(settings.Site, settings.Camera, TopicKind.Drops)];
        using var connection = new MqttConnectionKeeper(new MqttClientOptionsFactory(settings.Mqtt, ClusterOptions.SwitchFor),
            $"edgevision-check-{settings.Site}-{settings.Camera}", time, logger)
        {
            OnConnectedAsync = (client, _, token) => SubscribeAsync(client, topics, token),
        };
        if (await connection.TryConnectAsync(cancellationToken) is { } problem)
        {
            throw new BrokerUnavailableException($"Cannot use the MQTT broker at {connection.Endpoint} (--broker): {problem}");
        }

        await connection.DisconnectAsync(farewell: null, CancellationToken.None);
    }

    private static async Task SubscribeAsync(IMqttClient client, string[] topics, CancellationToken cancellationToken)
    {
        var filters = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in topics)
        {
            filters = filters.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var subscribed = await client.SubscribeAsync(filters.Build(), cancellationToken);
        if (subscribed.Items.FirstOrDefault(item => (int)item.ResultCode >= 0x80) is { } refused)
        {
            throw new InvalidOperationException($"the broker refused the subscription to {refused.TopicFilter.Topic} ({refused.ResultCode}).");
        }
    }
}
