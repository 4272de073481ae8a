using EdgeVision.Contracts.Topics;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Broker;

public sealed class BrokerRejectionLoggingTests
{
    [Fact]
    public async Task RepeatedRefusedPublishesFromOneClientAreLoggedOnceNotPerMessage()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var broker = await InProcessBroker.StartAsync(
            users: [SecuredBrokerFixture.Camera1],
            configure: builder => builder.Logging.AddFakeLogging(),
            cancellationToken: cancellation);
        var logs = broker.Services.GetRequiredService<FakeLogCollector>();
        using var camera = await broker.ConnectAsync("cam1", SecuredBrokerFixture.Password, cancellationToken: cancellation);
        var forged = new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.Build(SecuredBrokerFixture.Site, "cam2", TopicKind.Sequences))
            .WithPayload([1])
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

        for (var i = 0; i < 5; i++)
        {
            // Each PUBACK comes after the broker's interceptor ran, so all five were judged (and counted) when this ends.
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await camera.PublishAsync(forged, cancellation)).ReasonCode);
        }

        var refusals = logs.GetSnapshot().Where(record => record.Level == LogLevel.Warning && record.Message.Contains("publish_denied", StringComparison.Ordinal)).ToList();
        var refusal = Assert.Single(refusals);
        Assert.Contains("edgevision/site-a/cam2/sequences", refusal.Message, StringComparison.Ordinal);
    }
}
