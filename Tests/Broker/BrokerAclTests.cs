using EdgeVision.Contracts.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Broker;

public sealed class BrokerAclTests(SecuredBrokerFixture fixture) : IClassFixture<SecuredBrokerFixture>
{
    private static readonly string Cam1Sequences = MqttTopics.Build(SecuredBrokerFixture.Site, "cam1", TopicKind.Sequences);
    private static readonly string Cam2Sequences = MqttTopics.Build(SecuredBrokerFixture.Site, "cam2", TopicKind.Sequences);

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task CameraPublishingToAnotherCamerasSequencesIsRefusedAndNotDeliveredWhileItsOwnArrive()
    {
        using var silo = await fixture.ConnectAsync(SecuredBrokerFixture.Silo, _cancellation);
        var received = new MessageRecorder(silo);
        await SubscribeGrantedAsync(silo, MqttTopics.Filter(TopicKind.Sequences));
        using var camera = await fixture.ConnectAsync(SecuredBrokerFixture.Camera1, _cancellation);

        var forged = await camera.PublishAsync(Message(Cam2Sequences, [1, 2, 3]), _cancellation);
        var own = await camera.PublishAsync(Message(Cam1Sequences, [4, 5, 6]), _cancellation);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, own.ReasonCode);
        // One publisher's messages reach a subscriber in order: once the later one is in, the forged one never will be.
        var delivered = await received.WaitForAsync(Cam1Sequences, _cancellation);
        Assert.Equal([4, 5, 6], delivered.Payload);
        Assert.DoesNotContain(received.All, message => message.Topic == Cam2Sequences);
    }

    [Fact]
    public async Task SubscriberCannotPublish()
    {
        using var viewer = await fixture.ConnectAsync(SecuredBrokerFixture.Viewer, _cancellation);

        var results = await viewer.PublishAsync(Message(MqttTopics.Build(SecuredBrokerFixture.Site, "cam1", TopicKind.Results), [1]), _cancellation);
        var control = await viewer.PublishAsync(Message(MqttTopics.Build(SecuredBrokerFixture.Site, "cam1", TopicKind.Control), [1]), _cancellation);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, results.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, control.ReasonCode);
    }

    [Theory]
    [InlineData("edgevision/site-a/cam2/control")]
    [InlineData("edgevision/+/+/control")]
    [InlineData("edgevision/site-a/+/control")]
    [InlineData("#")]
    [InlineData("edgevision/site-a/cam1/#")]
    [InlineData("edgevision/site-a/cam2/results")]
    [InlineData("edgevision/site-a/cam2/drops")]
    [InlineData("edgevision/+/+/drops")]
    public async Task CameraCannotSubscribeBeyondItsOwnControlResultsAndDrops(string filter)
    {
        using var camera = await fixture.ConnectAsync(SecuredBrokerFixture.Camera1, _cancellation);

        var result = await camera.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, _cancellation);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(result.Items).ResultCode);
    }

    [Fact]
    public async Task CameraReceivesControlMessagesTheSiloPublishesForIt()
    {
        var control = MqttTopics.Build(SecuredBrokerFixture.Site, "cam1", TopicKind.Control);
        using var camera = await fixture.ConnectAsync(SecuredBrokerFixture.Camera1, _cancellation);
        var received = new MessageRecorder(camera);
        await SubscribeGrantedAsync(camera, control);
        using var silo = await fixture.ConnectAsync(SecuredBrokerFixture.Silo, _cancellation);

        var published = await silo.PublishAsync(Message(control, "{\"fps\":5}"u8.ToArray()), _cancellation);

        Assert.Equal(MqttClientPublishReasonCode.Success, published.ReasonCode);
        Assert.Equal("{\"fps\":5}"u8.ToArray(), (await received.WaitForAsync(control, _cancellation)).Payload);
    }

    [Fact]
    public async Task SharedSubscriptionIsAnsweredNotSupportedSoASiloKnowsToSubscribePlainly()
    {
        // MQTTnet has no shared subscriptions: a silo must see that (not NotAuthorized, not a silent literal filter).
        using var silo = await fixture.ConnectAsync(SecuredBrokerFixture.Silo, _cancellation);

        var result = await silo.SubscribeAsync(MqttTopics.SharedFilter("silos", TopicKind.Sequences), MqttQualityOfServiceLevel.AtLeastOnce, _cancellation);

        Assert.Equal(MqttClientSubscribeResultCode.SharedSubscriptionsNotSupported, Assert.Single(result.Items).ResultCode);
    }

    [Fact]
    public async Task CameraLastWillOnItsOwnStatusReachesSubscribersWhenItsConnectionDrops()
    {
        // Last wills go through the same ACL as publishes; the camera's own status must pass.
        var status = MqttTopics.Build(SecuredBrokerFixture.Site, "cam1", TopicKind.Status);
        using var viewer = await fixture.ConnectAsync(SecuredBrokerFixture.Viewer, _cancellation);
        var received = new MessageRecorder(viewer);
        await SubscribeGrantedAsync(viewer, MqttTopics.Filter(TopicKind.Status));
        using var camera = new MqttClientFactory().CreateMqttClient();
        var options = fixture.Broker.ClientOptions(SecuredBrokerFixture.Camera1.Username, SecuredBrokerFixture.Password);
        options.WillTopic = status;
        options.WillPayload = "offline"u8.ToArray();
        options.WillQualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
        await camera.ConnectAsync(options, _cancellation);

        // Dispose drops the connection without DISCONNECT, like a camera losing power. (MQTTnet 5.2's server does not
        // publish the will for a DISCONNECT with reason DisconnectWithWillMessage.)
        camera.Dispose();

        Assert.Equal("offline"u8.ToArray(), (await received.WaitForAsync(status, _cancellation)).Payload);
    }

    [Fact]
    public async Task SequenceOf300KilobytesIsDeliveredIntact()
    {
        using var silo = await fixture.ConnectAsync(SecuredBrokerFixture.Silo, _cancellation);
        var received = new MessageRecorder(silo);
        await SubscribeGrantedAsync(silo, Cam1Sequences);
        using var camera = await fixture.ConnectAsync(SecuredBrokerFixture.Camera1, _cancellation);
        var payload = new byte[300 * 1024];
        new Random(42).NextBytes(payload);

        var published = await camera.PublishAsync(Message(Cam1Sequences, payload), _cancellation);

        Assert.Equal(MqttClientPublishReasonCode.Success, published.ReasonCode);
        Assert.Equal(payload, (await received.WaitForAsync(Cam1Sequences, _cancellation)).Payload);
    }

    [Fact]
    public async Task MessageAboveTheSizeLimitIsRefusedWithQuotaExceeded()
    {
        using var camera = await fixture.ConnectAsync(SecuredBrokerFixture.Camera1, _cancellation);

        var published = await camera.PublishAsync(Message(Cam1Sequences, new byte[SecuredBrokerFixture.MaxMessageBytes + 1]), _cancellation);

        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, published.ReasonCode);
    }

    private async Task SubscribeGrantedAsync(IMqttClient client, string filter)
    {
        var result = await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, _cancellation);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(result.Items).ResultCode);
    }

    private static MqttApplicationMessage Message(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
}
