using System.Globalization;
using System.Text;
using EdgeVision.Broker;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Broker;

/// <summary>
/// MQTT 5 sessions on the embedded broker: a subscriber that asked for a session expiry gets, when it comes back
/// without a clean start, what was published while it was away; within a bounded, counted queue, for a bounded time.
/// </summary>
public sealed class BrokerSessionTests
{
    private const string Topic = "edgevision/site-a/cam1/sequences";
    private const uint OneHour = 3600;

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKeptSessionReceivesWhatWasPublishedWhileItsClientWasAway()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await SubscribeAndLeaveAsync(broker, "silo-ingest", OneHour);

        await PublishAsync(broker, Enumerable.Range(0, 3).Select(Payload));
        using var back = new MqttClientFactory().CreateMqttClient();
        var received = new MessageRecorder(back);
        var connected = await back.ConnectAsync(Options(broker, "silo-ingest", OneHour), _cancellation);
        await PublishAsync(broker, [Marker]);
        await received.WaitForPayloadAsync(Marker, _cancellation);

        Assert.True(connected.IsSessionPresent);
        Assert.Equal(["0", "1", "2", Marker], received.All.Select(Text));
    }

    [Fact]
    public async Task TheQueueOfAnAbsentClientIsBoundedAndWhatOverflowsIsCountedAndLogged()
    {
        await using var broker = await InProcessBroker.StartAsync(
            settings: new Dictionary<string, string?> { ["Broker:MaxPendingMessagesPerClient"] = "5" },
            configure: builder => builder.Logging.AddFakeLogging(),
            cancellationToken: _cancellation);
        using var dropped = Collect(broker, BrokerInstruments.DroppedName);
        using var kept = Collect(broker, BrokerInstruments.KeptSessionsName);
        await SubscribeAndLeaveAsync(broker, "slow", OneHour);
        // The queue under test is the kept session's: until the broker has seen the client go, its closing connection may take messages.
        await kept.WaitForMeasurementsAsync(1, MessageRecorder.Timeout).WaitAsync(_cancellation);

        await PublishAsync(broker, Enumerable.Range(0, 8).Select(Payload));
        using var back = new MqttClientFactory().CreateMqttClient();
        var received = new MessageRecorder(back);
        await back.ConnectAsync(Options(broker, "slow", OneHour), _cancellation);
        // Delivery is in order: once the marker is in, everything the session still held came before it.
        await PublishAsync(broker, [Marker]);
        await received.WaitForPayloadAsync(Marker, _cancellation);

        Assert.Equal(["0", "1", "2", "3", "4", Marker], received.All.Select(Text));
        Assert.Equal(3, Sum(dropped, BrokerInstruments.ReasonQueueFull));
        var logs = broker.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        var line = Assert.Single(logs, record => record.Level == LogLevel.Warning && record.Message.Contains("queue", StringComparison.Ordinal));
        Assert.Contains("slow", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeptSessionEndsAfterTheBrokersMaximumExpiryAndWhatItHeldIsCounted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var broker = await InProcessBroker.StartAsync(
            settings: new Dictionary<string, string?> { ["Broker:MaxSessionExpirySeconds"] = "60" },
            configure: builder => builder.Services.AddSingleton<TimeProvider>(time),
            cancellationToken: _cancellation);
        using var dropped = Collect(broker, BrokerInstruments.DroppedName);
        using var kept = Collect(broker, BrokerInstruments.KeptSessionsName);
        // The client asks for an hour; the broker keeps it for a minute.
        await SubscribeAndLeaveAsync(broker, "gone-for-good", OneHour);
        // The broker counts the session as kept once it has seen the client go: its minute starts there.
        await kept.WaitForMeasurementsAsync(1, MessageRecorder.Timeout).WaitAsync(_cancellation);
        await PublishAsync(broker, [Payload(0), Payload(1)]);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, Sum(dropped, BrokerInstruments.ReasonSessionExpired));
        time.Advance(MqttBrokerService.SessionSweepInterval + TimeSpan.FromSeconds(1));
        await dropped.WaitForMeasurementsAsync(1, MessageRecorder.Timeout).WaitAsync(_cancellation);
        using var back = new MqttClientFactory().CreateMqttClient();
        var connected = await back.ConnectAsync(Options(broker, "gone-for-good", OneHour), _cancellation);

        Assert.Equal(2, Sum(dropped, BrokerInstruments.ReasonSessionExpired));
        Assert.Equal(0, kept.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.False(connected.IsSessionPresent);
    }

    [Fact]
    public async Task AClientIdWhoseSessionIsKeptStaysWithItsUserWhileItsClientIsAway()
    {
        await using var broker = await InProcessBroker.StartAsync(
            users: [SecuredBrokerFixture.Silo, SecuredBrokerFixture.Viewer], cancellationToken: _cancellation);
        using var kept = Collect(broker, BrokerInstruments.KeptSessionsName);
        await SubscribeAndLeaveAsync(broker, "silo-ingest", OneHour, SecuredBrokerFixture.Silo);
        await kept.WaitForMeasurementsAsync(1, MessageRecorder.Timeout).WaitAsync(_cancellation);

        using var intruder = new MqttClientFactory().CreateMqttClient();
        var refused = await intruder.ConnectAsync(Options(broker, "silo-ingest", OneHour, SecuredBrokerFixture.Viewer), _cancellation);
        using var owner = new MqttClientFactory().CreateMqttClient();
        var resumed = await owner.ConnectAsync(Options(broker, "silo-ingest", OneHour, SecuredBrokerFixture.Silo), _cancellation);

        // Otherwise the viewer would resume the silo's session, and with it the silo's rights.
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, refused.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.Success, resumed.ResultCode);
        Assert.True(resumed.IsSessionPresent);
    }

    private const string Marker = "marker";

    private static string Payload(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Text(MessageRecorder.Received message) => Encoding.UTF8.GetString(message.Payload);

    /// <summary>A fresh session that subscribes to <see cref="Topic"/> (QoS 1) and disconnects cleanly, asking the broker to keep it.</summary>
    private async Task SubscribeAndLeaveAsync(InProcessBroker broker, string clientId, uint expiry, BrokerUser? user = null)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(Options(broker, clientId, expiry, user, cleanStart: true), _cancellation);
        await client.SubscribeAsync(Topic, MqttQualityOfServiceLevel.AtLeastOnce, _cancellation);
        await client.DisconnectAsync(cancellationToken: _cancellation);
    }

    /// <summary>MQTT 5 options with a session expiry; by default resuming the session (clean start off).</summary>
    private static MqttClientOptions Options(InProcessBroker broker, string clientId, uint expiry, BrokerUser? user = null, bool cleanStart = false)
    {
        var options = broker.ClientOptions(user?.Username, user?.Password, clientId);
        options.CleanSession = cleanStart;
        options.SessionExpiryInterval = expiry;
        return options;
    }

    private async Task PublishAsync(InProcessBroker broker, IEnumerable<string> payloads)
    {
        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        foreach (var payload in payloads)
        {
            // QoS 1: the PUBACK comes after the broker queued the message for every subscriber.
            await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), _cancellation);
        }

        await publisher.DisconnectAsync(cancellationToken: _cancellation);
    }

    private static MetricCollector<long> Collect(InProcessBroker broker, string instrument) =>
        new(broker.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), BrokerInstruments.MeterName, instrument);

    private static long Sum(MetricCollector<long> collector, string reason) =>
        collector.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue("reason", out var r) && (string?)r == reason).Sum(m => m.Value);
}
