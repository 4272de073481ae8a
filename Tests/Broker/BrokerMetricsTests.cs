using EdgeVision.Broker;
using EdgeVision.Contracts.Topics;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Broker;

public sealed class BrokerMetricsTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task CountsConnectionsMessagesBytesAndRejectionsByReason()
    {
        // A broker of its own: counters are per meter factory, so no other test's traffic mixes in.
        await using var broker = await InProcessBroker.StartAsync(
            users: [SecuredBrokerFixture.Camera1, SecuredBrokerFixture.Silo], cancellationToken: _cancellation);
        using var connections = Collect(broker, BrokerInstruments.ConnectionsName);
        using var messages = Collect(broker, BrokerInstruments.MessagesName);
        using var bytes = Collect(broker, BrokerInstruments.BytesName);
        using var rejections = Collect(broker, BrokerInstruments.RejectionsName);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await broker.TryConnectAsync("cam1", "wrong", cancellationToken: _cancellation));
        using var silo = await broker.ConnectAsync("silo", SecuredBrokerFixture.Password, cancellationToken: _cancellation);
        var received = new MessageRecorder(silo);
        await silo.SubscribeAsync(MqttTopics.Filter(TopicKind.Sequences), MqttQualityOfServiceLevel.AtLeastOnce, _cancellation);
        await silo.SubscribeAsync("#", MqttQualityOfServiceLevel.AtLeastOnce, _cancellation);
        using var camera = await broker.ConnectAsync("cam1", SecuredBrokerFixture.Password, cancellationToken: _cancellation);
        var topic = MqttTopics.Build(SecuredBrokerFixture.Site, "cam1", TopicKind.Sequences);
        await camera.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("elsewhere").WithPayload([1]).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), _cancellation);
        await camera.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(new byte[1000]).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), _cancellation);
        await received.WaitForAsync(topic, _cancellation);

        Assert.Equal(2, connections.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, Rejections(rejections, BrokerInstruments.ReasonBadCredentials));
        Assert.Equal(1, Rejections(rejections, BrokerInstruments.ReasonSubscribeDenied));
        Assert.Equal(1, Rejections(rejections, BrokerInstruments.ReasonPublishDenied));
        Assert.Equal(1, messages.GetMeasurementSnapshot().ContainsTags("direction", "kind").Where(m => Tag(m, "direction") == "in" && Tag(m, "kind") == "sequences").Sum(m => m.Value));
        Assert.Equal(1000, bytes.GetMeasurementSnapshot().Where(m => Tag(m, "direction") == "in").Sum(m => m.Value));
        // The broker counts a delivery when it queues the message for the subscriber, before this client sees it.
        Assert.Equal(1000, bytes.GetMeasurementSnapshot().Where(m => Tag(m, "direction") == "out").Sum(m => m.Value));

        await camera.DisconnectAsync(cancellationToken: _cancellation);
    }

    [Fact]
    public async Task HealthCheckIsHealthyWhileListeningAndUnhealthyAfterStop()
    {
        var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        var check = broker.Services.GetRequiredService<HealthCheckService>();

        var running = await check.CheckHealthAsync(registration => registration.Name == BrokerHealthCheck.Name, _cancellation);
        await broker.Services.GetRequiredService<MqttBrokerService>().StopAsync(_cancellation);
        var stopped = await check.CheckHealthAsync(registration => registration.Name == BrokerHealthCheck.Name, _cancellation);
        await broker.DisposeAsync();

        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
    }

    private static MetricCollector<long> Collect(InProcessBroker broker, string instrument) =>
        new(broker.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), BrokerInstruments.MeterName, instrument);

    private static long Rejections(MetricCollector<long> collector, string reason) =>
        collector.GetMeasurementSnapshot().Where(m => Tag(m, "reason") == reason).Sum(m => m.Value);

    private static string? Tag(CollectedMeasurement<long> measurement, string name) =>
        measurement.Tags.TryGetValue(name, out var value) ? value as string : null;
}
