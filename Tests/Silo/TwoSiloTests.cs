using System.Diagnostics.Metrics;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Metrics;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.TestingHost;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// Two silos in one Orleans cluster behind the embedded broker. It has no shared subscriptions, so both silos ingest
/// every sequence: the camera grain's duplicate detection is what keeps it to one result each.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class TwoSiloTests
{
    private const string Site = "site-two";
    private static readonly Dictionary<string, string?> WideBudget = new()
    {
        ["Silo:Inference:TargetLatencyMs"] = "30000",
        ["Silo:Inference:MaxLatencyMs"] = "60000",
    };

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task CameraGrainsRunOnlyOnTheSiloThatHostsInferenceAndEachSequenceGivesOneResult()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var silos = await SiloTestCluster.StartAsync(broker, silos: 2, WideBudget, hostsInference: index => index == 1);
        await using var results = await ResultRecorder.StartAsync(broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(broker, _cancellation);
        string[] cameras = ["p0", "p1", "p2", "p3"];
        var now = DateTimeOffset.UtcNow;

        foreach (var camera in cameras)
        {
            for (var n = 0; n < 2; n++)
            {
                await publisher.PublishAsync(TestSequences.Create(Site, camera, n, now.AddMilliseconds(n * 266)), _cancellation);
            }
        }

        await results.WaitUntilAsync(all => cameras.All(c => all.Any(r => r.Camera == c && r.SequenceNumber == 1)), _cancellation);

        Assert.All(cameras, c => Assert.Equal([0L, 1], results.For(Site, c).Select(r => r.SequenceNumber)));
        var inference = Handle(silos, 1);
        var ingestOnly = Handle(silos, 0);
        Assert.All(cameras, c => Assert.NotNull(Gauges(inference).Get(CameraKey.Format(Site, c))));
        Assert.All(cameras, c => Assert.Null(Gauges(ingestOnly).Get(CameraKey.Format(Site, c))));
    }

    [Fact]
    public async Task KillingASiloMovesItsCamerasToTheOtherAndEverySequenceSentAfterwardsEndsAsAResultOrACountedDrop()
    {
        // Silo 0 keeps the test cluster's membership and only ingests; silos 1 and 2 host the cameras. Whichever holds
        // more cameras is killed, so the test does not depend on where random placement put them.
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var silos = await SiloTestCluster.StartAsync(broker, silos: 3, WideBudget, hostsInference: index => index > 0);
        await using var results = await ResultRecorder.StartAsync(broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(broker, _cancellation);
        string[] cameras = ["k0", "k1", "k2", "k3", "k4", "k5"];

        await SendAsync(publisher, cameras, first: 0, count: 2);
        await results.WaitUntilAsync(all => cameras.All(c => all.Count(r => r.Camera == c) == 2), _cancellation);
        var (victim, survivor) = Hosted(silos, 1, cameras).Count >= Hosted(silos, 2, cameras).Count
            ? (Handle(silos, 1), Handle(silos, 2))
            : (Handle(silos, 2), Handle(silos, 1));
        var moved = cameras.Where(c => Gauges(victim).Get(CameraKey.Format(Site, c)) is not null).ToArray();
        Assert.NotEmpty(moved);

        using var dropped = new MetricCollector<long>(survivor.ServiceProvider.GetRequiredService<IMeterFactory>(), SiloInstruments.MeterName, SiloInstruments.DroppedName);
        await silos.Cluster.KillSiloAsync(victim, _cancellation);
        await SendAsync(publisher, cameras, first: 2, count: 3);
        await results.WaitUntilAsync(all => cameras.All(c => all.Count(r => r.Camera == c) == 5), _cancellation);

        Assert.All(cameras, c => Assert.Equal([0L, 1, 2, 3, 4], results.For(Site, c).Select(r => r.SequenceNumber)));
        Assert.Empty(dropped.GetMeasurementSnapshot());
        Assert.All(moved, c => Assert.NotNull(Gauges(survivor).Get(CameraKey.Format(Site, c))));
    }

    private static List<string> Hosted(SiloTestCluster silos, int index, string[] cameras) =>
        [.. cameras.Where(c => Gauges(Handle(silos, index)).Get(CameraKey.Format(Site, c)) is not null)];

    private async Task SendAsync(SequencePublisher publisher, string[] cameras, int first, int count)
    {
        var now = DateTimeOffset.UtcNow;
        for (var n = first; n < first + count; n++)
        {
            foreach (var camera in cameras)
            {
                await publisher.PublishAsync(TestSequences.Create(Site, camera, n, now.AddMilliseconds((n - first) * 266)), _cancellation);
            }
        }
    }

    private static InProcessSiloHandle Handle(SiloTestCluster silos, int index) => silos.Cluster.Silos.Single(s => s.Name == SiloTestCluster.SiloName(index));

    private static AdaptiveStateGauges Gauges(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<AdaptiveStateGauges>();
}
