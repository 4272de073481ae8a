using EdgeVision.Contracts.Topics;
using EdgeVision.Silo.Grains;
using EdgeVision.Testing;

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

    // Above the 10 s hold, so that only a sequence no silo has is republished.
    private static readonly TimeSpan ResultTimeout = TimeSpan.FromSeconds(30);

    // Two timeouts (the republish and the wait after it) and the time the survivor takes to notice the victim is dead.
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(240);

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
    public async Task AKilledSiloProcessesAcceptedSequencesAreCountedAsLostWhereItsCamerasMoveAndEverySequenceSentEndsOnceAtItsEdge()
    {
        const int before = 2; // accepted (acknowledged, recorded in Redis) and held unfinished by both silos at the kill
        const int limbo = 2; // published while the victim hangs: the broker hands it a share it never acknowledges
        const int after = 2;
        const int sent = 5 * (before + limbo + after);
        await using var cluster = await MultiProcessCluster.StartAsync(_cancellation, Hold);
        await using var results = await ResultRecorder.StartAsync(await cluster.ConnectAsync("results", _cancellation), _cancellation);
        await using var edges = new AccountedEdges(Site, Cameras, cluster.Mosquitto.Port, ResultTimeout, cluster.ClusterId);
        await edges.WhenReadyAsync(_cancellation);
        using var http = new HttpClient();
        await PublishAsync(edges, first: 0, count: before);

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
        await PublishAsync(edges, first: before, count: limbo);
        await edges.WhenPublishedAsync(_cancellation);
        await victim.KillAsync(_cancellation);
        var sinceKill = System.Diagnostics.Stopwatch.StartNew();
        await PublishAsync(edges, first: before + limbo, count: after);

        // The survivor counted the victim's accepted sequences as lost; the broker's share of the limbo sequences died with
        // the victim (mosquitto discards the unacknowledged messages of a shared-subscription session that ends), so their
        // edges republish them once their outcome is overdue, and the survivor serves them. Every sequence ends at its edge.
        var lostExpected = (long)victimBefore.Sum(Metric.Sequences, Outcome("accepted"));
        await edges.WhenSettledAsync(Settled, _cancellation);
        var outcomes = edges.Outcomes();
        var now = await MultiProcessMetrics.ScrapeAsync(http, survivor.HttpAddress, _cancellation);
        var limboReceived = (int)(now.Sum(Metric.Received) - survivorBefore.Sum(Metric.Received)) - (Cameras.Length * after);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{victim.Name} killed hosting {moved.Count} cameras with {lostExpected} sequences accepted and unfinished; {survivor.Name} counted "
            + $"{now.Sum(Metric.Dropped, Reason("lost"))} as lost. {sent} sequences published; at the edges: {edges}. {survivor.Name} received "
            + $"{limboReceived} limbo sequences and republished copies. Settled {sinceKill.Elapsed.TotalSeconds:F1} s after the kill.");

        // None without an outcome: every sequence is a result or a counted drop the edge was told of, exactly once.
        Assert.Equal(0, edges.Outstanding);
        Assert.Equal(0, outcomes.GetValueOrDefault("no_result"));
        Assert.Equal(sent, outcomes.Values.Sum());
        Assert.Equal(new Dictionary<string, long> { ["result"] = sent - lostExpected, ["lost"] = lostExpected }, outcomes);
        Assert.Empty(results.Undecodable);
        var lost = now.By(Metric.Dropped, "camera", Reason("lost"));
        foreach (var camera in Cameras)
        {
            var key = CameraKey.Format(Site, camera);
            var numbers = results.For(Site, camera).Select(r => r.SequenceNumber).ToList();
            Assert.Equal(numbers.Count, numbers.Distinct().Count());
            Assert.Equal(moved.Contains(key) ? 0 : before, numbers.Count(n => n < before));
            Assert.Equal(moved.Contains(key) ? before : 0, lost.GetValueOrDefault(key));
            Assert.Equal(Enumerable.Range(before, limbo + after).Select(n => (long)n), numbers.Where(n => n >= before).Order());
            Assert.Equal(
                moved.Contains(key) ? Enumerable.Range(0, before).Select(n => (long)n) : [],
                results.Drops.Where(d => d.Camera == camera).Select(d => d.SequenceNumber).Order());
        }

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

    private async Task PublishAsync(AccountedEdges edges, int first, int count)
    {
        for (var n = first; n < first + count; n++)
        {
            foreach (var camera in Cameras)
            {
                await edges.PublishAsync(TestSequences.Create(Site, camera, n, TimeProvider.System.GetUtcNow()), _cancellation);
            }
        }
    }

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
