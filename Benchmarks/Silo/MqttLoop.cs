using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// One publisher and one subscriber on a loopback mosquitto, set up as the edge and the silo set theirs (MQTT 5, QoS 1,
/// 1 MB socket buffers): the transport's CPU per message, with the broker's own measured from /proc.
/// </summary>
internal sealed class MqttLoop : IAsyncDisposable
{
    private const string Topic = "edgevision/bench/cost/sequences";
    private readonly IMqttClient publisher;
    private readonly IMqttClient subscriber;
    private readonly int? brokerPid;
    private TaskCompletionSource? received;
    private int expected;
    private int count;

    private MqttLoop(IMqttClient publisher, IMqttClient subscriber, int? brokerPid)
    {
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.brokerPid = brokerPid;
        subscriber.ApplicationMessageReceivedAsync += _ =>
        {
            if (Interlocked.Increment(ref count) == expected)
            {
                received?.TrySetResult();
            }

            return Task.CompletedTask;
        };
    }

    public static async Task<MqttLoop> StartAsync(Edge.ScenarioBroker broker, CancellationToken cancellationToken)
    {
        var factory = new MqttClientFactory();
        var publisher = factory.CreateMqttClient();
        var subscriber = factory.CreateMqttClient();
        await publisher.ConnectAsync(Options(broker.Port, "cost-pub"), cancellationToken);
        await subscriber.ConnectAsync(Options(broker.Port, "cost-sub"), cancellationToken);
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        return new MqttLoop(publisher, subscriber, broker.ProcessId);
    }

    /// <summary>Publishes every payload and waits until the subscriber has them all: (this process's CPU ms, the broker's CPU ms).</summary>
    public async Task<(double ClientMs, double BrokerMs)> MeasureAsync(IReadOnlyList<byte[]> payloads, CancellationToken cancellationToken)
    {
        received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        count = 0;
        expected = payloads.Count;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var broker = brokerPid is { } pid ? PipelineCostScenario.ProcessCpuMs(pid) : 0;
        foreach (var payload in payloads)
        {
            await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        }

        await received.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        process.Refresh();
        var brokerMs = brokerPid is { } id ? PipelineCostScenario.ProcessCpuMs(id) - broker : double.NaN;
        return ((process.TotalProcessorTime - cpu).TotalMilliseconds, brokerMs);
    }

    public async ValueTask DisposeAsync()
    {
        await publisher.DisconnectAsync();
        await subscriber.DisconnectAsync();
        publisher.Dispose();
        subscriber.Dispose();
    }

    private static MqttClientOptions Options(int port, string name)
    {
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"{name}-{Guid.NewGuid():N}"[..24]).Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = 1024 * 1024;
        return options;
    }
}
