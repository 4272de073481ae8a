using System.Text;
using EdgeVision.Broker;
using EdgeVision.Contracts.Topics;
using EdgeVision.Tests.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Broker;

/// <summary>
/// Every role's every publish and subscription of <see cref="AclRules"/>, against the embedded broker and against Debian's
/// mosquitto with the shipped ACL file: both brokers enforce the same table, and the embedded broker enforces it on its TLS
/// listener too. A forbidden publish is answered with PUBACK
/// <c>NotAuthorized</c> (MQTT 5) and reaches no one; a forbidden subscription delivers nothing (the embedded broker refuses
/// it with SUBACK <c>NotAuthorized</c>, mosquitto grants it and withholds the messages); every allowed one works, so a
/// broker that refused everything would fail too.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class AclAgreementTests
{
    private const string End = "end";

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(AclBroker.Embedded, false)]
    [InlineData(AclBroker.Embedded, true)]
    [InlineData(AclBroker.Mosquitto, false)]
    public async Task EveryRolePublishesExactlyWhatTheAclAllows(string brokerName, bool tls)
    {
        using var ca = tls ? new TestCertificateAuthority() : null;
        await using var broker = await AclBroker.StartAsync(brokerName, _cancellation, ca);
        using var watcher = await broker.ConnectAsync("admin", _cancellation);
        var seen = new MessageRecorder(watcher);
        await SubscribeAsync(watcher, "#");
        var wrong = new List<string>();
        var allowed = new List<string>();

        foreach (var user in AclRules.Users)
        {
            using var client = await broker.ConnectAsync(user.Username, _cancellation);
            foreach (var topic in AclRules.Topics)
            {
                var payload = $"{user.Username} on {topic}";
                var may = AclRules.MayPublish(user.Role, topic);
                var expected = may ? MqttClientPublishReasonCode.Success : MqttClientPublishReasonCode.NotAuthorized;
                var result = await client.PublishAsync(Message(topic, payload), _cancellation);
                if (result.ReasonCode != expected)
                {
                    wrong.Add($"{user.Username} ({user.Role}) publishing on {topic}: {result.ReasonCode}, expected {expected}");
                }

                if (may)
                {
                    allowed.Add(payload);
                }
            }
        }

        // The broker queues a message for its subscribers before it acknowledges it: once the watcher's own last
        // message is in, every message before it that was going to arrive has.
        await watcher.PublishAsync(Message(AclRules.SiloStatus, End), _cancellation);
        await seen.WaitForPayloadAsync(End, _cancellation);
        Assert.True(wrong.Count == 0, $"{broker.Name}:\n{string.Join("\n", wrong)}");
        Assert.Equal(allowed.Order(StringComparer.Ordinal), seen.All.Select(Text).Where(p => p != End).Order(StringComparer.Ordinal));
        Assert.Contains(allowed, p => p.StartsWith("camera-1 ", StringComparison.Ordinal));
        Assert.Contains(allowed, p => p.StartsWith("silo ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AclBroker.Embedded, false)]
    [InlineData(AclBroker.Embedded, true)]
    [InlineData(AclBroker.Mosquitto, false)]
    public async Task EveryRoleReceivesExactlyWhatTheAclAllowsItToSubscribeTo(string brokerName, bool tls)
    {
        using var ca = tls ? new TestCertificateAuthority() : null;
        await using var broker = await AclBroker.StartAsync(brokerName, _cancellation, ca);
        using var admin = await broker.ConnectAsync("admin", _cancellation);
        var wrong = new List<string>();
        var delivered = 0;

        foreach (var user in AclRules.Users)
        {
            var sentinel = Sentinel(user.Role);
            foreach (var (filter, index) in AclRules.Filters.Select((f, i) => (f, i)))
            {
                var may = AclRules.MaySubscribe(user.Role, filter);
                // A topic the filter matches; for a forbidden filter one the account may not read (it may read others).
                var probe = AclRules.Topics.First(t => Matches(t, filter) && (may || !AclRules.MayRead(user.Role, t)));
                using var client = await broker.ConnectAsync(user.Username, _cancellation);
                var received = new MessageRecorder(client);
                await SubscribeAsync(client, sentinel);

                var code = Assert.Single((await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, _cancellation)).Items).ResultCode;
                await admin.PublishAsync(Message(probe, $"probe {index}"), _cancellation);
                await admin.PublishAsync(Message(sentinel, $"sentinel {index}"), _cancellation);
                await received.WaitForPayloadAsync($"sentinel {index}", _cancellation);

                var got = received.All.Any(m => Text(m) == $"probe {index}");
                var expectedCode = may ? MqttClientSubscribeResultCode.GrantedQoS1 : ForbiddenSubscription(broker.Name);
                if (got != may || code != expectedCode)
                {
                    wrong.Add($"{user.Username} ({user.Role}) subscribing to {filter}: {code} (expected {expectedCode}), "
                        + $"{probe} {(got ? "delivered" : "not delivered")} (expected {(may ? "delivered" : "not delivered")})");
                }

                delivered += got ? 1 : 0;
            }
        }

        Assert.True(wrong.Count == 0, $"{broker.Name}:\n{string.Join("\n", wrong)}");
        Assert.InRange(delivered, 1, AclRules.Users.Length * AclRules.Filters.Count - 1);
    }

    /// <summary>
    /// What a broker answers to a forbidden subscription: the embedded broker refuses it; mosquitto's <c>acl_file</c> does not
    /// check subscriptions (2.0.11, this test), it grants them and withholds every message the account may not read.
    /// </summary>
    private static MqttClientSubscribeResultCode ForbiddenSubscription(string broker) =>
        broker == AclBroker.Embedded ? MqttClientSubscribeResultCode.NotAuthorized : MqttClientSubscribeResultCode.GrantedQoS1;

    /// <summary>A topic the role may read, on which the test's last message to it travels.</summary>
    private static string Sentinel(BrokerRole role) => role switch
    {
        BrokerRole.Camera => MqttTopics.Build(AclRules.Site, AclRules.Camera, TopicKind.Control),
        BrokerRole.Silo => MqttTopics.Build(AclRules.Site, AclRules.Camera, TopicKind.Status),
        _ => MqttTopics.Build(AclRules.Site, AclRules.Camera, TopicKind.Results),
    };

    private static bool Matches(string topic, string filter) => MqttTopicFilterComparer.Compare(topic, filter) == MqttTopicFilterCompareResult.IsMatch;

    private static string Text(MessageRecorder.Received message) => Encoding.UTF8.GetString(message.Payload);

    private static MqttApplicationMessage Message(string topic, string payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private async Task SubscribeAsync(IMqttClient client, string filter)
    {
        var result = await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, _cancellation);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(result.Items).ResultCode);
    }
}
