using System.Collections.Immutable;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Testing;
using EdgeVision.Tests.Silo;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Edge.Publishing;

/// <summary>
/// The edge's results and drops subscription outlives a lost connection: the broker keeps the edge's session, so an
/// outcome a silo publishes while the edge is reconnecting (after a broker restart) still reaches the edge's ledger,
/// which would otherwise republish the sequence, get no second result for it and count it as <c>no_result</c>.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class OutcomeSessionTests
{
    private const string Site = "session";

    [Fact]
    public async Task AResultPublishedWhileTheEdgeIsReconnectingAfterABrokerRestartSettlesItsSequence()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var mosquitto = await MosquittoBroker.StartNewAsync(cancellationToken: cancellation);
        await using var edges = new AccountedEdges(Site, ["c0"], mosquitto.Port, TimeSpan.FromSeconds(120), "session", connection: options =>
        {
            options.ReconnectMinDelaySeconds = 15;
            options.ReconnectMaxDelaySeconds = 15;
        });
        await edges.WhenReadyAsync(cancellation);
        var sequence = TestSequences.Create(Site, "c0", 0, TimeProvider.System.GetUtcNow());
        await edges.PublishAsync(sequence, cancellation);
        await edges.WhenPublishedAsync(cancellation);

        await mosquitto.StopAsync();
        await edges.WhenDisconnectedAsync(cancellation);
        // The broker stays away while the edge's immediate reconnect attempt fails; its next attempt is 15 s later.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellation);
        await mosquitto.StartAsync(cancellation);
        await PublishResultAsync(mosquitto.Port, sequence.SequenceNumber, sequence.FrameIndices[0], sequence.CaptureTime(0), cancellation);
        await edges.WhenSettledAsync(TimeSpan.FromSeconds(60), cancellation);

        Assert.Equal(new Dictionary<string, long> { ["result"] = 1 }, edges.Outcomes());
        Assert.Equal(0, edges.Republished);
    }

    private static async Task PublishResultAsync(int port, long number, long firstFrame, DateTimeOffset firstCapture, CancellationToken cancellationToken)
    {
        using var silo = new MqttClientFactory().CreateMqttClient();
        await silo.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("session-silo").Build(), cancellationToken);
        var result = new InferenceResult(Site, "c0", number, firstFrame, firstFrame + 7, firstCapture, firstCapture, firstCapture, 5, 1, "conv3d", "1",
            ImmutableArray.Create(new LabelScore("walking", 0, 0.9)), new AdaptiveState(32, 32, 0, 1, 30));
        await silo.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(MqttTopics.Build(Site, "c0", TopicKind.Results))
            .WithPayload(JsonMessageCodec.Encode(result)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        await silo.DisconnectAsync(cancellationToken: cancellationToken);
    }
}
