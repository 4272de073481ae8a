using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using EdgeVision.Edge.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Benchmarks.Edge;

/// <summary>
/// The edge publisher's sequences/s for ~300 KB sequence payloads at QoS 1 to mosquitto on loopback, against
/// <c>mosquitto_pub -q 1 -l</c> sending payloads of the same size to the same broker, alternating, in one run; then the
/// 8 KB socket-buffer cliff and one-in-flight for reference, and the agent process's resident memory while streaming.
/// </summary>
public sealed class PublisherScenario : IScenario
{
    public string Name => "edge-publisher";

    public string Description => "edge MQTT publisher: 300 KB sequences/s at QoS 1 to mosquitto vs mosquitto_pub -l; agent RSS";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var messages = Option(args, "--messages", 500);
        var rounds = Option(args, "--rounds", 5);
        var rssSeconds = Option(args, "--rss-seconds", 20);
        var existingPort = Option(args, "--port", 0);
        await using var broker = await ScenarioBroker.StartAsync(existingPort, cancellationToken);
        var payload = await BenchmarkPayload.CreateAsync(cancellationToken);
        var lines = Path.Combine(Path.GetTempPath(), $"edgevision-bench-lines-{Guid.NewGuid():N}.bin");
        var line = BenchmarkPayload.AsLine(payload);
        await using (var file = File.Create(lines))
        {
            for (var i = 0; i < messages; i++)
            {
                await file.WriteAsync(line, cancellationToken);
            }
        }

        Console.WriteLine($"mosquitto {broker.Port}; payload {payload.Length:N0} bytes (16 x 80x80 RGB24 FrameSequence); {messages} messages x {rounds} rounds, QoS 1");
        var edge = new List<double>();
        var baseline = new List<double>();
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                // Alternate which goes first, so neither always meets a broker still busy with the other's messages.
                if (round % 2 == 0)
                {
                    baseline.Add(await PublishWithMosquittoPubAsync(broker.Port, lines, messages, cancellationToken));
                }

                edge.Add(await PublishWithEdgeAsync(broker.Port, payload, messages, MqttPublisherOptions.DefaultSocketBufferBytes, 8, cancellationToken));
                if (round % 2 == 1)
                {
                    baseline.Add(await PublishWithMosquittoPubAsync(broker.Port, lines, messages, cancellationToken));
                }

                Console.WriteLine($"round {round}: edge publisher {edge[^1],8:F0}/s   mosquitto_pub -l {baseline[^1],8:F0}/s");
            }
        }
        finally
        {
            File.Delete(lines);
        }

        var (edgeMedian, baseMedian) = (Median(edge), Median(baseline));
        Console.WriteLine($"median: edge publisher {edgeMedian:F0} sequences/s, mosquitto_pub {baseMedian:F0}/s, ratio {edgeMedian / baseMedian:F2}x");
        var oneInFlight = await PublishWithEdgeAsync(broker.Port, payload, messages, MqttPublisherOptions.DefaultSocketBufferBytes, 1, cancellationToken);
        Console.WriteLine($"reference: MaxInFlight 1 (1 MiB buffers): {oneInFlight:F0}/s");
        var cliff = await PublishWithEdgeAsync(broker.Port, payload, 40, 8 * 1024, 8, cancellationToken);
        Console.WriteLine($"reference: MQTTnet's default 8 KB socket buffers (40 messages): {cliff:F1}/s");
        if (rssSeconds > 0)
        {
            await AgentMemory.MeasureAsync(broker.Port, rssSeconds, cancellationToken);
        }

        return 0;
    }

    /// <summary>Messages per second from the first enqueue to the last PUBACK, on a connection opened beforehand.</summary>
    private static async Task<double> PublishWithEdgeAsync(int port, byte[] payload, int messages, int socketBuffer, int maxInFlight, CancellationToken cancellationToken)
    {
        var options = new MqttPublisherOptions { Port = port, SocketBufferBytes = socketBuffer, MaxInFlight = maxInFlight, OfflineQueueCapacity = 64, OperationTimeoutSeconds = 120 };
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var identity = new EdgeIdentity("bench", $"edge-{Guid.NewGuid():N}"[..20], "bench");
        await using var publisher = new MqttSequencePublisher(options, identity, new PublisherInstruments(meters, identity.Camera), TimeProvider.System,
            NullLogger<MqttSequencePublisher>.Instance);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        publisher.ReadyChanged += isReady => { if (isReady) ready.TrySetResult(); };
        publisher.Start();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            await publisher.EnqueueAsync(i, payload, cancellationToken);
        }

        if (!await publisher.FlushAsync(cancellationToken) || publisher.Instruments.Published != messages)
        {
            throw new InvalidOperationException($"Only {publisher.Instruments.Published} of {messages} were acknowledged.");
        }

        return messages / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Messages per second of one <c>mosquitto_pub -l</c> run (process start to exit after the last PUBACK).</summary>
    private static async Task<double> PublishWithMosquittoPubAsync(int port, string lines, int messages, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", ["-c",
            $"exec mosquitto_pub -h 127.0.0.1 -p {port.ToString(CultureInfo.InvariantCulture)} -V mqttv5 -q 1 -t edgevision/bench/mosquitto-pub/sequences -l < {lines}"])
        { UseShellExecute = false };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_pub did not start.");
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        return process.ExitCode == 0 ? messages / elapsed.TotalSeconds : throw new InvalidOperationException($"mosquitto_pub exited with {process.ExitCode}.");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == name)
            {
                return int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        return fallback;
    }
}
