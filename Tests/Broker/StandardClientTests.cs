using EdgeVision.Tests.Fixtures;

namespace EdgeVision.Tests.Broker;

/// <summary>
/// The real <c>mosquitto_pub</c>/<c>mosquitto_sub</c> (MQTT 3.1.1 without a client id by default, as Home Assistant and
/// many Node-RED setups connect) against the embedded broker, anonymous and with accounts.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class StandardClientTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("3.1.1, no id (the default)", new string[0])]
    [InlineData("3.1.1 with an id", new[] { "-V", "mqttv311", "-i", "kitchen-display" })]
    [InlineData("5, no id: the broker assigns one", new[] { "-V", "mqttv5" })]
    [InlineData("5 with an id", new[] { "-V", "mqttv5", "-i", "node-red-1" })]
    public async Task MosquittoClientsPublishAndSubscribeWithTheirDefaults(string client, string[] options)
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        const string topic = "edgevision/site-a/cam1/status";

        var published = await MosquittoClients.PublishRetainedAsync(broker.Port, topic, "online", options);
        var received = await MosquittoClients.ReceiveOneAsync(broker.Port, "edgevision/#", options);

        Assert.True(published.Exit == 0, $"{client}: mosquitto_pub exited {published.Exit}: {published.Error}");
        Assert.True(received.Exit == 0, $"{client}: mosquitto_sub exited {received.Exit}: {received.Error}");
        Assert.Equal("online", received.Output);
    }

    [Fact]
    public async Task AnMqtt311ClientWithoutAnIdMayNotAskForAKeptSession()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);

        // -c (clean session off) without -i: mosquitto_sub refuses on its own unless forced with an empty id.
        var refused = await MosquittoClients.ReceiveOneAsync(broker.Port, "edgevision/#", ["-c", "-i", ""]);

        Assert.NotEqual(0, refused.Exit);
    }

    [Fact]
    public async Task AccountsAndTheAclApplyToMqtt311ClientsWithoutAnId()
    {
        await using var broker = await InProcessBroker.StartAsync(
            users: [SecuredBrokerFixture.Silo, SecuredBrokerFixture.Viewer], cancellationToken: _cancellation);
        string[] silo = ["-u", SecuredBrokerFixture.Silo.Username, "-P", SecuredBrokerFixture.Password];
        string[] viewer = ["-u", SecuredBrokerFixture.Viewer.Username, "-P", SecuredBrokerFixture.Password];
        const string results = "edgevision/site-a/cam1/results";
        const string sequences = "edgevision/site-a/cam1/sequences";

        var wrongPassword = await MosquittoClients.ReceiveOneAsync(broker.Port, results, ["-u", "viewer", "-P", "guess"]);
        var siloPublished = await MosquittoClients.PublishRetainedAsync(broker.Port, results, "result", silo);
        var viewerReads = await MosquittoClients.ReceiveOneAsync(broker.Port, results, viewer);
        var viewerSubscribesToSequences = await MosquittoClients.ReceiveOneAsync(broker.Port, sequences, viewer);

        Assert.NotEqual(0, wrongPassword.Exit);
        Assert.Contains("bad user name or password", wrongPassword.Error, StringComparison.OrdinalIgnoreCase);
        Assert.True(siloPublished.Exit == 0, siloPublished.Error);
        Assert.True(viewerReads.Exit == 0, viewerReads.Error);
        Assert.Equal("result", viewerReads.Output);
        // mosquitto_sub says so and ends (with exit code 0) when the broker refuses every subscription it asked for.
        Assert.Equal("All subscription requests were denied.", viewerSubscribesToSequences.Error);
        Assert.Empty(viewerSubscribesToSequences.Output);
    }
}
