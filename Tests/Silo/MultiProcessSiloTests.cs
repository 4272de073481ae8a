using EdgeVision.Contracts.Topics;
using EdgeVision.Silo.Grains;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// Two real silo processes (the built executable, configured by environment variables)
/// form one Orleans cluster through Redis membership (Debian's redis-server) and share the cameras' sequence topics
/// through an MQTT 5 shared subscription on Debian's mosquitto (<see cref="MultiProcessCluster"/>). Every process a test
/// starts is killed by id at its end.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MultiProcessSiloTests
{
    private const string Site = "mp";
    private static readonly string[] Cameras = ["c0", "c1", "c2", "c3", "c4"];
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    // Accepted sequences wait in the batcher for company (a batch of 64 never fills here) for 10 s before they run, so a
    // silo killed within that time dies with sequences accepted and unfinished, whatever the machine's speed.
    private static readonly Dictionary<string, string> Hold = new()
    {
        ["Silo:InferenceEngine:MaxQueueDelayMs"] = "10000",
        ["Silo:Inference:MaxBatchSize"] = "64",
    };

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoSiloProcessesInOneRedisClusterBehindASharedSubscriptionProcessEachSequenceExactlyOnce()
    {
        const int perCamera = 6;
        await using var cluster = await MultiProcessCluster.StartAsync(_cancellation);

        // The cluster formed: both silos are Active rows of the Redis membership table, at the ports they were given.
        var members = await PollAsync(cluster.MembersAsync, rows => rows.Count(r => r.Status == MultiProcessMembership.Active) == 2);
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.Equal(MultiProcessMembership.Active, m.Status));
        Assert.Equal(
            new[] { $"127.0.0.1:{cluster.SiloPorts.A}", $"127.0.0.1:{cluster.SiloPorts.B}" }.Order(StringComparer.Ordinal),
            members.Select(m => Endpoint(m.Address)).Order(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var shared = MqttTopics.SharedFilter(MultiProcessCluster.Group, TopicKind.Sequences);
        Assert.Equal((shared, shared), (cluster.SiloA.TopicFilter, cluster.SiloB.TopicFilter));
        using var http = new HttpClient();
        Assert.Equal(
            ("Healthy", "Healthy"),
            (await http.GetStringAsync(new Uri(cluster.SiloA.HttpAddress, "/health"), _cancellation), await http.GetStringAsync(new Uri(cluster.SiloB.HttpAddress, "/health"), _cancellation)));

        await using var results = await ResultRecorder.StartAsync(await cluster.ConnectAsync("results", _cancellation), _cancellation);
        await using var publisher = new SequencePublisher(await cluster.ConnectAsync("edge", _cancellation));
        await PublishAsync(publisher, first: 0, count: perCamera);
        var sent = Cameras.Length * perCamera;
        await WaitForResultsAsync(results, perCamera);

        // Every message was acknowledged by exactly one silo (received counts both silos' subscribers), and both took some.
        var (a, b) = await PollAsync(
            async () => (await MultiProcessMetrics.ScrapeAsync(http, cluster.SiloA.HttpAddress, _cancellation), await MultiProcessMetrics.ScrapeAsync(http, cluster.SiloB.HttpAddress, _cancellation)),
            scrape => scrape.Item1.Sum(Metric.Acknowledged) + scrape.Item2.Sum(Metric.Acknowledged) >= sent
                && scrape.Item1.Sum(Metric.Results) + scrape.Item2.Sum(Metric.Results) >= sent);
        Assert.Equal(sent, a.Sum(Metric.Received) + b.Sum(Metric.Received));
        Assert.Equal(sent, a.Sum(Metric.Acknowledged) + b.Sum(Metric.Acknowledged));
        Assert.True(a.Sum(Metric.Received) > 0 && b.Sum(Metric.Received) > 0,
            $"the shared subscription gave silo-a {a.Sum(Metric.Received)} and silo-b {b.Sum(Metric.Received)} of {sent} messages");

        // Each camera's grain ran in one process: one silo accepted all its sequences, even those the other silo received.
        var acceptedA = a.By(Metric.Sequences, "camera", Outcome("accepted"));
        var acceptedB = b.By(Metric.Sequences, "camera", Outcome("accepted"));
        Assert.All(Keys, key => Assert.Equal(perCamera, Math.Max(acceptedA.GetValueOrDefault(key), acceptedB.GetValueOrDefault(key))));
        var ackA = a.By(Metric.Acknowledged, "camera");
        var ackB = b.By(Metric.Acknowledged, "camera");
        Assert.Contains(Keys, key => ackA.GetValueOrDefault(key) > 0 && ackB.GetValueOrDefault(key) > 0);

        // Exactly once: one result per sequence on the results topics, nothing dropped, duplicated or rejected.
        AssertOneResultEach(results, perCamera);
        Assert.Equal(sent, a.Sum(Metric.Results) + b.Sum(Metric.Results));
        Assert.Equal(0, a.Sum(Metric.Sequences, Outcome("duplicate")) + b.Sum(Metric.Sequences, Outcome("duplicate")));
        Assert.Equal(new Dictionary<string, double>(), Merge(a.By(Metric.Dropped, "reason"), b.By(Metric.Dropped, "reason")));
        Assert.Equal(0, a.Sum(Metric.Rejected) + b.Sum(Metric.Rejected));

        // Every camera got its results: no silo reports a stalled one, under the gauge's Prometheus name.
        Assert.True(a.Has(Metric.StalledCameras) && b.Has(Metric.StalledCameras), $"{Metric.StalledCameras} missing from a silo's /metrics");
        Assert.Equal(0, a.Sum(Metric.StalledCameras) + b.Sum(Metric.StalledCameras));
    }

    [Fact]
    public async Task AKilledSiloProcessesAcceptedSequencesAreCountedAsLostWhereItsCamerasMoveAndEverySequenceSentEndsOnce()
    {
        const int before = 2; // accepted (acknowledged, recorded in Redis) and held unfinished by both silos at the kill
        const int limbo = 2; // published while the victim hangs: the broker hands it a share it never acknowledges
        const int after = 2;
        await using var cluster = await MultiProcessCluster.StartAsync(_cancellation, Hold);
        await using var results = await ResultRecorder.StartAsync(await cluster.ConnectAsync("results", _cancellation), _cancellation);
        await using var publisher = new SequencePublisher(await cluster.ConnectAsync("edge", _cancellation));
        using var http = new HttpClient();
        await PublishAsync(publisher, first: 0, count: before);

        // Both silos accepted and acknowledged every sequence, and none has finished: all wait in the batchers.
        var sentBefore = Cameras.Length * before;
        var (a, b) = await PollAsync(
            async () => (await MultiProcessMetrics.ScrapeAsync(http, cluster.SiloA.HttpAddress, _cancellation), await MultiProcessMetrics.ScrapeAsync(http, cluster.SiloB.HttpAddress, _cancellation)),
            scrape => scrape.Item1.Sum(Metric.Acknowledged) + scrape.Item2.Sum(Metric.Acknowledged) >= sentBefore
                && scrape.Item1.Sum(Metric.Sequences, Outcome("accepted")) + scrape.Item2.Sum(Metric.Sequences, Outcome("accepted")) >= sentBefore);
        Assert.Equal(sentBefore, a.Sum(Metric.Acknowledged) + b.Sum(Metric.Acknowledged));
        Assert.Equal(0, a.Sum(Metric.Results) + b.Sum(Metric.Results));

        // The silo hosting more camera grains hangs (SIGSTOP) while the limbo sequences are published, then is killed.
        var (hostedA, hostedB) = (Hosted(a), Hosted(b));
        var (victim, survivor, victimBefore, survivorBefore, moved) = hostedA.Count >= hostedB.Count
            ? (cluster.SiloA, cluster.SiloB, a, b, hostedA)
            : (cluster.SiloB, cluster.SiloA, b, a, hostedB);
        var (victimPort, survivorPort) = victim == cluster.SiloA ? cluster.SiloPorts : (cluster.SiloPorts.B, cluster.SiloPorts.A);
        Assert.NotEmpty(moved);
        await victim.PauseAsync(_cancellation);
        await PublishAsync(publisher, first: before, count: limbo);
        await victim.KillAsync(_cancellation);
        var sinceKill = System.Diagnostics.Stopwatch.StartNew();
        await PublishAsync(publisher, first: before + limbo, count: after);

        // The survivor finished everything it accepted, and counted the victim's accepted sequences as lost.
        var lostExpected = victimBefore.Sum(Metric.Sequences, Outcome("accepted"));
        var now = await PollAsync(
            () => MultiProcessMetrics.ScrapeAsync(http, survivor.HttpAddress, _cancellation),
            scrape => scrape.Sum(Metric.Dropped, Reason("lost")) >= lostExpected
                && scrape.Sum(Metric.Acknowledged) == scrape.Sum(Metric.Received)
                && scrape.Sum(Metric.Results) >= scrape.Sum(Metric.Sequences, Outcome("accepted"))
                && Cameras.All(c => results.For(Site, c).Count(r => r.SequenceNumber >= before + limbo) == after),
            TimeSpan.FromSeconds(120));
        var received = now.Sum(Metric.Received) - survivorBefore.Sum(Metric.Received);
        var limboReceived = (int)received - (Cameras.Length * after);
        var limboResults = Cameras.Sum(c => results.For(Site, c).Count(r => r.SequenceNumber is >= before and < before + limbo));
        var vanished = (Cameras.Length * limbo) - limboResults;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{victim.Name} killed hosting {moved.Count} cameras with {lostExpected} sequences accepted and unfinished; {survivor.Name} counted "
            + $"{now.Sum(Metric.Dropped, Reason("lost"))} as lost. Of {Cameras.Length * limbo} sequences published while {victim.Name} hung, "
            + $"{survivor.Name} received {limboReceived} and {vanished} never reached a silo that lived (mosquitto discards the unacknowledged "
            + $"messages of a shared-subscription session that ends; SessionExpiry 0). Last result {sinceKill.Elapsed.TotalSeconds:F1} s after the kill.");

        // Before the kill: each camera's sequences ended once, as results on the survivor or as lost where the camera moved.
        Assert.Empty(results.Undecodable);
        var lost = now.By(Metric.Dropped, "camera", Reason("lost"));
        foreach (var camera in Cameras)
        {
            var key = CameraKey.Format(Site, camera);
            var numbers = results.For(Site, camera).Select(r => r.SequenceNumber).ToList();
            Assert.Equal(numbers.Count, numbers.Distinct().Count());
            Assert.Equal(moved.Contains(key) ? 0 : before, numbers.Count(n => n < before));
            Assert.Equal(moved.Contains(key) ? before : 0, lost.GetValueOrDefault(key));
            Assert.Equal(Enumerable.Range(before + limbo, after).Select(n => (long)n), numbers.Where(n => n >= before + limbo).Order());
        }

        // Limbo: every sequence the survivor received has its result; the rest are the broker's loss, measured above.
        Assert.Equal(limboReceived, limboResults);
        Assert.Equal(lostExpected, now.Sum(Metric.Dropped));
        var members = await PollAsync(cluster.MembersAsync, rows => rows.Any(r => r.Status == MultiProcessMembership.Dead), TimeSpan.FromSeconds(90));
        Assert.Equal(
            new Dictionary<string, int>
            {
                [$"127.0.0.1:{victimPort}"] = MultiProcessMembership.Dead,
                [$"127.0.0.1:{survivorPort}"] = MultiProcessMembership.Active,
            },
            members.ToDictionary(m => Endpoint(m.Address), m => m.Status));
    }

    /// <summary>Cameras whose grain accepted sequences on the silo of <paramref name="scrape"/>.</summary>
    private static List<string> Hosted(MultiProcessMetrics scrape) =>
        [.. scrape.By(Metric.Sequences, "camera", Outcome("accepted")).Where(p => p.Value > 0).Select(p => p.Key)];

    private static IEnumerable<string> Keys => Cameras.Select(c => CameraKey.Format(Site, c));

    private async Task PublishAsync(SequencePublisher publisher, int first, int count)
    {
        for (var n = first; n < first + count; n++)
        {
            foreach (var camera in Cameras)
            {
                await publisher.PublishAsync(TestSequences.Create(Site, camera, n, TimeProvider.System.GetUtcNow()), _cancellation);
            }
        }
    }

    /// <summary>Waits for results of sequences 0 to <paramref name="perCamera"/> - 1 of every camera; a timeout names those missing.</summary>
    private async Task WaitForResultsAsync(ResultRecorder results, int perCamera)
    {
        try
        {
            await results.WaitUntilAsync(all => Cameras.All(c => all.Count(r => r.Camera == c) >= perCamera), _cancellation);
        }
        catch (TimeoutException)
        {
            var missing = Cameras.SelectMany(c => Enumerable.Range(0, perCamera)
                .Where(n => !results.For(Site, c).Any(r => r.SequenceNumber == n))
                .Select(n => $"{c}#{n}"));
            Assert.Fail($"No result within {ResultRecorder.Timeout.TotalSeconds:F0} s for {string.Join(", ", missing)}");
        }
    }

    private static void AssertOneResultEach(ResultRecorder results, int perCamera)
    {
        Assert.Empty(results.Undecodable);
        Assert.All(Cameras, c => Assert.Equal(
            Enumerable.Range(0, perCamera).Select(n => (long)n),
            results.For(Site, c).Select(r => r.SequenceNumber).Order()));
    }

    /// <summary>
    /// Reads state another process owns until <paramref name="done"/> holds or <paramref name="within"/> (default
    /// <see cref="Settle"/>) passed; returns the last reading, for the caller's assertions.
    /// </summary>
    private async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        timeout.CancelAfter(within ?? Settle);
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

    // Orleans keys membership rows by "S{ip}:{port}:{generation}".
    private static string Endpoint(string siloAddress)
    {
        var address = siloAddress.TrimStart('S');
        return address[..address.LastIndexOf(':')];
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> Outcome(string outcome) => labels => labels.GetValueOrDefault("outcome") == outcome;

    private static Func<IReadOnlyDictionary<string, string>, bool> Reason(string reason) => labels => labels.GetValueOrDefault("reason") == reason;

    private static Dictionary<string, double> Merge(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b) =>
        a.Concat(b).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

    /// <summary>Prometheus names of the silo instruments the tests read (OpenTelemetry's exporter: dots to underscores, counters end in _total).</summary>
    private static class Metric
    {
        public const string Received = "edgevision_silo_ingestion_received_total";
        public const string Acknowledged = "edgevision_silo_ingestion_acknowledged_total";
        public const string Sequences = "edgevision_silo_sequences_total";
        public const string Results = "edgevision_silo_results_total";
        public const string Dropped = "edgevision_silo_dropped_total";
        public const string Rejected = "edgevision_silo_rejected_total";
        public const string StalledCameras = "edgevision_silo_stalled_cameras";
    }
}
