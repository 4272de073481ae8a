using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EdgeVision.Contracts.Grains;
using EdgeVision.Contracts.Topics;
using EdgeVision.Tests.Edge.Publishing;
using EdgeVision.Tests.Fixtures;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// Issue #5's multi-process test: two real silo processes (the built executable, configured by environment variables)
/// form one Orleans cluster through Redis membership (Debian's redis-server) and share the cameras' sequence topics
/// through an MQTT 5 shared subscription on Debian's mosquitto. Every process the test starts is killed by id at the end.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MultiProcessSiloTests
{
    private const string Site = "mp";
    private const string Group = "silos";
    private const string ServiceId = "edgevision-test";
    private const int SequencesPerCamera = 6;
    private static readonly string[] Cameras = ["c0", "c1", "c2", "c3", "c4"];
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoSiloProcessesInOneRedisClusterBehindASharedSubscriptionProcessEachSequenceExactlyOnce()
    {
        var clusterId = "mp-" + Guid.NewGuid().ToString("N")[..8];
        await using var redis = await RedisServer.StartAsync(_cancellation);
        await using var mosquitto = await MosquittoBroker.StartNewAsync();
        var ports = FreePorts(4);
        await using var siloA = MultiProcessSilo.Start("silo-a", Settings(clusterId, "a", redis, mosquitto.Port, ports[0], ports[1]));
        await using var siloB = MultiProcessSilo.Start("silo-b", Settings(clusterId, "b", redis, mosquitto.Port, ports[2], ports[3]));
        await Task.WhenAll(siloA.WaitUntilReadyAsync(Startup, _cancellation), siloB.WaitUntilReadyAsync(Startup, _cancellation));

        // The cluster formed: both silos are Active rows of the Redis membership table, at the ports they were given.
        var members = await PollAsync(
            () => MultiProcessMembership.ReadAsync(redis.ConnectionString, ServiceId, clusterId),
            rows => rows.Count(r => r.Status == MultiProcessMembership.Active) == 2);
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.Equal(MultiProcessMembership.Active, m.Status));
        Assert.Equal(
            [$"127.0.0.1:{ports[0]}", $"127.0.0.1:{ports[2]}"],
            members.Select(m => Endpoint(m.Address)).Order(StringComparer.Ordinal).ToArray(),
            StringComparer.Ordinal);
        var shared = MqttTopics.SharedFilter(Group, TopicKind.Sequences);
        Assert.Equal((shared, shared), (siloA.TopicFilter, siloB.TopicFilter));

        await using var results = await ResultRecorder.StartAsync(await ConnectAsync(mosquitto.Port, clusterId + "-results"), _cancellation);
        await using var publisher = new SequencePublisher(await ConnectAsync(mosquitto.Port, clusterId + "-edge"));
        for (var n = 0; n < SequencesPerCamera; n++)
        {
            foreach (var camera in Cameras)
            {
                await publisher.PublishAsync(TestSequences.Create(Site, camera, n, TimeProvider.System.GetUtcNow()), _cancellation);
            }
        }

        var sent = Cameras.Length * SequencesPerCamera;
        await results.WaitUntilAsync(all => Cameras.All(c => all.Count(r => r.Camera == c) >= SequencesPerCamera), _cancellation);

        // Every message was acknowledged by exactly one silo (received counts both silos' subscribers), and both took some.
        using var http = new HttpClient();
        var (a, b) = await PollAsync(
            async () => (await MultiProcessMetrics.ScrapeAsync(http, siloA.HttpAddress, _cancellation), await MultiProcessMetrics.ScrapeAsync(http, siloB.HttpAddress, _cancellation)),
            scrape => scrape.Item1.Sum(Metric.Acknowledged) + scrape.Item2.Sum(Metric.Acknowledged) >= sent
                && scrape.Item1.Sum(Metric.Results) + scrape.Item2.Sum(Metric.Results) >= sent);
        Assert.Equal(sent, a.Sum(Metric.Received) + b.Sum(Metric.Received));
        Assert.Equal(sent, a.Sum(Metric.Acknowledged) + b.Sum(Metric.Acknowledged));
        Assert.True(a.Sum(Metric.Received) > 0 && b.Sum(Metric.Received) > 0,
            $"the shared subscription gave silo-a {a.Sum(Metric.Received)} and silo-b {b.Sum(Metric.Received)} of {sent} messages");

        // Each camera's grain ran in one process: one silo accepted all its sequences, even those the other silo received.
        var acceptedA = a.By(Metric.Sequences, "camera", Outcome("accepted"));
        var acceptedB = b.By(Metric.Sequences, "camera", Outcome("accepted"));
        Assert.All(Cameras.Select(c => CameraKey.Format(Site, c)), key =>
            Assert.Equal(SequencesPerCamera, Math.Max(acceptedA.GetValueOrDefault(key), acceptedB.GetValueOrDefault(key))));
        var ackA = a.By(Metric.Acknowledged, "camera");
        var ackB = b.By(Metric.Acknowledged, "camera");
        Assert.Contains(Cameras.Select(c => CameraKey.Format(Site, c)), key => ackA.GetValueOrDefault(key) > 0 && ackB.GetValueOrDefault(key) > 0);

        // Exactly once: one result per sequence on the results topics, nothing dropped, duplicated or rejected.
        Assert.Empty(results.Undecodable);
        Assert.All(Cameras, c => Assert.Equal(
            Enumerable.Range(0, SequencesPerCamera).Select(n => (long)n),
            results.For(Site, c).Select(r => r.SequenceNumber).Order()));
        Assert.Equal(sent, a.Sum(Metric.Results) + b.Sum(Metric.Results));
        Assert.Equal(0, a.Sum(Metric.Sequences, Outcome("duplicate")) + b.Sum(Metric.Sequences, Outcome("duplicate")));
        Assert.Equal(new Dictionary<string, double>(), Merge(a.By(Metric.Dropped, "reason"), b.By(Metric.Dropped, "reason")));
        Assert.Equal(0, a.Sum(Metric.Rejected) + b.Sum(Metric.Rejected));
    }

    private static Dictionary<string, string> Settings(string clusterId, string name, RedisServer redis, int broker, int siloPort, int gatewayPort) => new()
    {
        ["Silo:Cluster:Mode"] = "Redis",
        ["Silo:Cluster:RedisConnectionString"] = redis.ConnectionString,
        ["Silo:Cluster:ServiceId"] = ServiceId,
        ["Silo:Cluster:ClusterId"] = clusterId,
        ["Silo:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Silo:Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
        ["Silo:Cluster:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        ["Silo:Cluster:InferenceDevice"] = "cpu",
        ["Silo:Mqtt:Host"] = "127.0.0.1",
        ["Silo:Mqtt:Port"] = broker.ToString(CultureInfo.InvariantCulture),
        ["Silo:Mqtt:ClientId"] = $"{clusterId}-{name}",
        ["Silo:Mqtt:SharedSubscriptionGroup"] = Group,
        ["Silo:Mqtt:ReconnectMinDelayMs"] = "50",
        ["Silo:Mqtt:ReconnectMaxDelayMs"] = "500",
        // A wide budget: this test is about delivery, not latency, on a machine shared with other work.
        ["Inference:TargetLatencyMs"] = "30000",
        ["Inference:MaxLatencyMs"] = "60000",
        // Two silos, two cores: workstation GC keeps each process small.
        ["DOTNET_gcServer"] = "0",
    };

    private static async Task<IMqttClient> ConnectAsync(int port, string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = 1024 * 1024;
        await client.ConnectAsync(options, TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>Reads state another process owns until <paramref name="done"/> holds or <see cref="Settle"/> passed; returns the last reading.</summary>
    private async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        timeout.CancelAfter(Settle);
        var value = await read();
        while (!done(value) && !timeout.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (OperationCanceledException) when (!_cancellation.IsCancellationRequested)
            {
                break;
            }

            value = await read();
        }

        return value;
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    // Orleans keys membership rows by "S{ip}:{port}:{generation}".
    private static string Endpoint(string siloAddress) => siloAddress.TrimStart('S')[..siloAddress.TrimStart('S').LastIndexOf(':')];

    private static Func<IReadOnlyDictionary<string, string>, bool> Outcome(string outcome) => labels => labels.GetValueOrDefault("outcome") == outcome;

    private static Dictionary<string, double> Merge(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b) =>
        a.Concat(b).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

    /// <summary>Prometheus names of the silo instruments the test reads (OpenTelemetry's exporter: dots to underscores, counters end in _total).</summary>
    private static class Metric
    {
        public const string Received = "edgevision_silo_ingestion_received_total";
        public const string Acknowledged = "edgevision_silo_ingestion_acknowledged_total";
        public const string Sequences = "edgevision_silo_sequences_total";
        public const string Results = "edgevision_silo_results_total";
        public const string Dropped = "edgevision_silo_dropped_total";
        public const string Rejected = "edgevision_silo_rejected_total";
    }
}
