using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Batching;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Metrics;
using EdgeVision.Testing;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// A silo killed while its cameras have sequences accepted (acknowledged on MQTT) and unfinished. The inference silos'
/// engines sit behind <see cref="InferenceGate"/>s, so those sequences are pending when the kill comes, not by timing.
/// Camera grains keep their pending record in Redis grain storage (Debian's redis-server), which outlives the silo.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SiloCrashTests
{
    private const string Site = "site-crash";
    private const int Before = 2;
    private const int After = 3;
    private static readonly string[] Cameras = ["x0", "x1", "x2", "x3", "x4", "x5"];

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task SequencesPendingOnAKilledSiloAreCountedAsLostWhereTheirCamerasMoveAndEverySequenceSentEndsAsAResultOrACountedDrop()
    {
        await using var redis = await RedisServer.StartAsync(_cancellation);
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        var gates = new ConcurrentDictionary<int, InferenceGate>();
        var allHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Silo 0 keeps the test cluster's membership and only ingests; silos 1 and 2 host the cameras behind closed gates.
        await using var silos = await SiloTestCluster.StartAsync(broker, silos: 3, Settings(redis), hostsInference: index => index > 0,
            configureHost: (index, host) =>
            {
                if (index == 0)
                {
                    return;
                }

                var gate = gates.GetOrAdd(index, _ => new InferenceGate());
                gate.Held += () =>
                {
                    if (gates.Values.Sum(g => g.HeldCount) >= Cameras.Length * Before)
                    {
                        allHeld.TrySetResult();
                    }
                };
                host.Services.AddSingleton<IInferenceEngine>(provider => new GatedInferenceEngine(provider.GetRequiredService<InferenceEngine>(), gate));
            });
        await using var results = await ResultRecorder.StartAsync(broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(broker, _cancellation);

        await SendAsync(publisher, first: 0, count: Before);
        await allHeld.Task.WaitAsync(ResultRecorder.Timeout, _cancellation);

        // Every camera's pending sequences are in Redis, not only in the memory of the silo that accepted them.
        Assert.Equal(Cameras.Length, await CountRecordsAsync(redis));
        var (victimIndex, survivorIndex) = gates[1].HeldCount >= gates[2].HeldCount ? (1, 2) : (2, 1);
        var (victim, survivor) = (Handle(silos, victimIndex), Handle(silos, survivorIndex));
        var moved = Cameras.Where(c => Gauges(victim).Get(CameraKey.Format(Site, c)) is not null).ToArray();
        Assert.NotEmpty(moved);
        Assert.Equal(moved.Length * Before, gates[victimIndex].HeldCount);
        Assert.Empty(results.Results);

        using var dropped = new MetricCollector<long>(survivor.ServiceProvider.GetRequiredService<IMeterFactory>(), SiloInstruments.MeterName, SiloInstruments.DroppedName);
        await silos.Cluster.KillSiloAsync(victim, _cancellation);
        gates[survivorIndex].Open();
        await SendAsync(publisher, first: Before, count: After);
        await results.WaitUntilAsync(all => Cameras.All(c => all.Count(r => r.Camera == c) == (moved.Contains(c) ? After : Before + After)), _cancellation);
        await dropped.WaitForMeasurementsAsync(moved.Length * Before, ResultRecorder.Timeout);

        // Each sequence sent ended exactly once: the moved cameras' pending ones as lost drops, everything else as a result.
        foreach (var camera in Cameras)
        {
            var expected = Enumerable.Range(moved.Contains(camera) ? Before : 0, moved.Contains(camera) ? After : Before + After).Select(n => (long)n);
            Assert.Equal(expected, results.For(Site, camera).Select(r => r.SequenceNumber));
            var stats = await silos.Client.GetGrain<ICameraGrain>(CameraKey.Format(Site, camera)).GetStats();
            Assert.Equal(moved.Contains(camera) ? Before : 0, stats.DropsByReason.GetValueOrDefault(DropReason.Lost));
            Assert.Equal(Before + After, results.For(Site, camera).Count + stats.DropsByReason.Values.Sum());
        }

        var drops = dropped.GetMeasurementSnapshot();
        Assert.All(drops, m => Assert.Equal("lost", m.Tags["reason"]));
        Assert.Equal(
            moved.Order(StringComparer.Ordinal).Select(c => (CameraKey.Format(Site, c), (long)Before)),
            drops.GroupBy(m => (string)m.Tags["camera"]!).Select(g => (g.Key, g.Sum(m => m.Value))).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(moved, c => Assert.NotNull(Gauges(survivor).Get(CameraKey.Format(Site, c))));

        // Each lost sequence's edge is told, with the frames the durable record kept of it, once.
        await results.WaitUntilDropsAsync(all => all.Count >= moved.Length * Before, _cancellation);
        Assert.Equal(
            moved.SelectMany(c => Enumerable.Range(0, Before).Select(n => (c, (long)n, "lost"))).Order(),
            results.Drops.Select(d => (d.Camera, d.SequenceNumber, d.Reason)).Order());
        Assert.All(results.Drops, d => Assert.Equal((d.SequenceNumber * 8, (d.SequenceNumber * 8) + 7, 8), (d.FirstFrameIndex, d.LastFrameIndex, d.Frames)));
    }

    [Fact]
    public async Task WhenThePendingRecordCannotBeWrittenIngestRefusesTheSequenceRatherThanAcceptingItWithoutARecord()
    {
        var redis = await RedisServer.StartAsync(_cancellation);
        try
        {
            await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
            await using var silos = await SiloTestCluster.StartAsync(broker, silos: 1, Settings(redis));
            var grain = silos.Client.GetGrain<ICameraGrain>(CameraKey.Format(Site, "r0"));
            var now = DateTimeOffset.UtcNow;
            Assert.Equal(IngestStatus.Accepted, (await grain.Ingest(TestSequences.Create(Site, "r0", 0, now))).Status);

            await redis.DisposeAsync(); // The storage goes away: writes fail (StackExchange.Redis gives up after its timeout).
            var refused = TestSequences.Create(Site, "r0", 1, now.AddMilliseconds(266));
            var first = await Assert.ThrowsAnyAsync<Exception>(() => grain.Ingest(refused).AsTask());
            var again = await Assert.ThrowsAnyAsync<Exception>(() => grain.Ingest(refused).AsTask());

            // Refused both times (a redelivery is not taken for a duplicate of something never accepted), nothing counted.
            Assert.Contains("could not record sequence 1 as pending", first.Message, StringComparison.Ordinal);
            Assert.Contains("could not record sequence 1 as pending", again.Message, StringComparison.Ordinal);
            var stats = await grain.GetStats();
            Assert.Equal(0, stats.PendingSequences);
            Assert.Equal(0, stats.DropsByReason.Values.Sum());
            Assert.Equal(0, stats.LastSequenceNumber);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Settings(RedisServer redis) => new()
    {
        ["Silo:Inference:TargetLatencyMs"] = "30000",
        ["Silo:Inference:MaxLatencyMs"] = "60000",
        ["Silo:Cluster:CameraStorage"] = "Redis",
        ["Silo:Cluster:RedisConnectionString"] = redis.ConnectionString,
    };

    // Camera grains' records in Redis (Orleans keys each by the grain's id, which holds the camera key).
    private static async Task<int> CountRecordsAsync(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var count = 0;
        await foreach (var key in server.KeysAsync(pattern: $"*{Site}*"))
        {
            count++;
        }

        return count;
    }

    private async Task SendAsync(SequencePublisher publisher, int first, int count)
    {
        var now = DateTimeOffset.UtcNow;
        for (var n = first; n < first + count; n++)
        {
            foreach (var camera in Cameras)
            {
                await publisher.PublishAsync(TestSequences.Create(Site, camera, n, now.AddMilliseconds((n - first) * 266)), _cancellation);
            }
        }
    }

    private static InProcessSiloHandle Handle(SiloTestCluster silos, int index) => silos.Cluster.Silos.Single(s => s.Name == SiloTestCluster.SiloName(index));

    private static AdaptiveStateGauges Gauges(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<AdaptiveStateGauges>();
}
