using System.Net;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Testing;
using EdgeVision.Tests.Fixtures;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// A silo whose sequence subscription failed once (a broker that refused it, or a SUBSCRIBE that timed out under load) must
/// not stay connected without it: it retries until the broker grants it, then ingests.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SiloSubscriptionRecoveryTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task IngestsOnceTheBrokerGrantsTheSubscriptionItRefusedAtFirst()
    {
        var port = LoopbackPort.Free();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        var refused = 0;
        server.InterceptingSubscriptionAsync += e =>
        {
            // The first sequence subscription is refused, as a broker whose authorisation backend is briefly away would.
            if (e.TopicFilter.Topic.EndsWith("/sequences", StringComparison.Ordinal) && Interlocked.Increment(ref refused) == 1)
            {
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.UnspecifiedError;
            }

            return Task.CompletedTask;
        };
        await server.StartAsync();
        using (var edge = await ConnectAsync(port))
        {
            // Retained: whenever the silo's subscription is granted, the broker hands it this sequence.
            await edge.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(MqttTopics.Build("site-r", "recovers", TopicKind.Sequences))
                .WithPayload(SequenceCodec.Encode(TestSequences.Create("site-r", "recovers", 0, DateTimeOffset.UtcNow)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag()
                .Build(), _cancellation);
        }

        await using var results = await ResultRecorder.StartAsync(await ConnectAsync(port), _cancellation);
        await using var silos = await SiloTestCluster.StartAsync(port, settings: new Dictionary<string, string?>
        {
            ["Silo:Inference:TargetLatencyMs"] = "20000",
            ["Silo:Inference:MaxLatencyMs"] = "30000",
        });

        await results.WaitUntilAsync(all => all.Any(r => r.Camera == "recovers"), _cancellation);

        Assert.Equal(0, Assert.Single(results.For("site-r", "recovers")).SequenceNumber);
        await server.StopAsync();
    }

    private async Task<IMqttClient> ConnectAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(InProcessBroker.Address, port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"test-{Guid.NewGuid():N}").Build(), _cancellation);
        return client;
    }
}
