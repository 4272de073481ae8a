using EdgeVision.Contracts.Topics;
using EdgeVision.Silo.Mqtt;
using EdgeVision.Tests.Broker;
using EdgeVision.Tests.Fixtures;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Silo;

/// <summary>The silo's ingestion client in the local configuration (one silo, the embedded broker) across a restart.</summary>
public sealed class SiloMqttSessionTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task SequencesPublishedWhileTheSiloRestartsWaitForItAtTheEmbeddedBroker()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        // Silo:Mqtt as scripts/run-local.sh leaves it: no shared subscription group, no session expiry set.
        var options = SiloMqttClients.ForIngestion(new SiloMqttOptions { Host = InProcessBroker.Address, Port = broker.Port });
        var topic = MqttTopics.Build("local", "camera-1", TopicKind.Sequences);
        using (var before = new MqttClientFactory().CreateMqttClient())
        {
            await before.ConnectAsync(options, _cancellation);
            await before.SubscribeAsync(MqttTopics.Filter(TopicKind.Sequences), MqttQualityOfServiceLevel.AtLeastOnce, _cancellation);
            await before.DisconnectAsync(cancellationToken: _cancellation);
        }

        await PublishAsync(broker, topic, ["0", "1", "2"]);
        using var after = new MqttClientFactory().CreateMqttClient();
        var received = new MessageRecorder(after);
        var connected = await after.ConnectAsync(options, _cancellation);
        // In order: once this one is in, the session has handed over everything it held.
        await PublishAsync(broker, topic, ["after the restart"]);
        await received.WaitForPayloadAsync("after the restart", _cancellation);

        Assert.True(connected.IsSessionPresent);
        Assert.Equal(["0", "1", "2", "after the restart"], received.All.Select(message => System.Text.Encoding.UTF8.GetString(message.Payload)));
    }

    private async Task PublishAsync(InProcessBroker broker, string topic, IEnumerable<string> payloads)
    {
        using var edge = await broker.ConnectAsync(cancellationToken: _cancellation);
        foreach (var payload in payloads)
        {
            await edge.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), _cancellation);
        }
    }
}
