using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Edge.Control;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Tests.Edge.Publishing;
using EdgeVision.Tests.EdgeAgent;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Edge.Control;

/// <summary>Control messages sent through the embedded broker to a running agent.</summary>
[Trait("Category", "EndToEnd")]
public sealed class ControlMessageTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private static readonly string SequencesTopic = AgentHost.Topic("sequences");
    private static readonly string ControlTopic = AgentHost.Topic("control");

    [Fact]
    public async Task ControlMessageChangesResolutionAndFpsFromTheNextSequence()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker.Broker.Port, false, SequencesTopic);
        await using var agent = AgentHost.Create(broker.Broker.Port, AgentHost.Generator(frames: long.MaxValue));
        var applied = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Control.Applied += (_, _, firstSequence) => applied.TrySetResult(firstSequence);
        await agent.StartAsync();
        await recorder.WaitUntilAsync(all => all.Count >= 1);

        await PublishAsync(System.Text.Encoding.UTF8.GetBytes(Control(width: 24, height: 24, fps: 50)));
        var first = await applied.Task.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        await recorder.WaitUntilAsync(all => all.Any(m => TopicRecorder.Decode(m.Payload).SequenceNumber >= first + 1));

        var sequences = recorder.Sequences(SequencesTopic);
        Assert.Equal((16, 16, 100f), (sequences[0].Width, sequences[0].Height, sequences[0].Preprocessing.TargetFps));
        Assert.All(sequences.Where(s => s.SequenceNumber >= first), s =>
            Assert.Equal((24, 24, 50f), (s.Width, s.Height, s.Preprocessing.TargetFps)));
        // 50 of the generator's 100 frames per second: consecutive kept frames are two indices apart.
        var changed = sequences.First(s => s.SequenceNumber >= first);
        Assert.All(changed.FrameIndices.Zip(changed.FrameIndices.Skip(1)), pair => Assert.Equal(2, pair.Second - pair.First));
        Assert.Equal(1, agent.Control.Instruments.Applied);
    }

    [Fact]
    public async Task MalformedOrMisaddressedControlMessagesAreRejectedAndCountedAndTheAgentKeepsServing()
    {
        await using var agent = AgentHost.Create(broker.Broker.Port, AgentHost.Generator(frames: long.MaxValue));
        var meters = agent.Host.Services.GetRequiredService<IMeterFactory>();
        using var rejected = new MetricCollector<long>(meters, "EdgeVision.Edge", ControlInstruments.RejectedName);
        var applied = new TaskCompletionSource<StreamSettings>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Control.Applied += (_, settings, _) => applied.TrySetResult(settings);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Publisher.ReadyChanged += isReady => { if (isReady) ready.TrySetResult(); };
        await agent.StartAsync();
        await ready.Task.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);

        await PublishAsync(
            System.Text.Encoding.UTF8.GetBytes("this is not json"),
            System.Text.Encoding.UTF8.GetBytes("""{"site":"site-1","camera":"cam-1","reason":"r","issuedAt":"2026-11-25T18:46:21Z"}"""),
            new byte[JsonMessageCodec.DefaultMaxBytes + 1],
            System.Text.Encoding.UTF8.GetBytes(Control(width: 24, height: 24, camera: "cam-2")),
            System.Text.Encoding.UTF8.GetBytes(Control(width: 8, height: 8)),
            System.Text.Encoding.UTF8.GetBytes(Control(skip: 2)));
        // MQTT keeps one publisher's messages in order: when the valid one is applied, the others were handled.
        var settings = await applied.Task.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);

        Assert.Equal(2, settings.FrameSkip);
        var byReason = rejected.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["reason"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(new Dictionary<string, long> { ["malformed"] = 3, ["wrong_camera"] = 1, ["unsupported"] = 1 }, byReason);
        Assert.Equal((1L, 5L), (agent.Control.Instruments.Applied, agent.Control.Instruments.Rejected));
        Assert.True(agent.Publisher.IsReady);
    }

    private static string Control(int? width = null, int? height = null, double? fps = null, int? skip = null, string camera = AgentHost.Camera) =>
        System.Text.Encoding.UTF8.GetString(JsonMessageCodec.Encode(new ControlMessage(AgentHost.Site, camera, "test", new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), fps, skip, width, height)));

    /// <summary>Publishes each payload in turn from one client, so the agent receives them in this order.</summary>
    private async Task PublishAsync(params byte[][] payloads)
    {
        using var client = await broker.Broker.ConnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        foreach (var payload in payloads)
        {
            var message = new MqttApplicationMessageBuilder().WithTopic(ControlTopic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            await client.PublishAsync(message, TestContext.Current.CancellationToken);
        }

        await client.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
    }
}
