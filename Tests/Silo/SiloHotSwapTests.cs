using System.Globalization;
using EdgeVision.Testing;
using EdgeVision.Tests.Fixtures;
using EdgeVision.Tests.Inference;
using EdgeVision.Tests.Inference.Catalog;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// A new version of a model dropped into the model directory of a running silo process (the built executable) while cameras
/// send it sequences: the silo swaps it in without a restart, and no sequence is lost across the swap.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(TorchGlobalStateCollection.Name)]
public sealed class SiloHotSwapTests
{
    private const string Site = "swap";
    private const int RoundsAfterSwap = 4;
    private static readonly string[] Cameras = ["s0", "s1", "s2"];
    private static readonly TimeSpan ProcessStartPatience = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Round = TimeSpan.FromMilliseconds(150);

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANewVersionDroppedIntoTheModelDirectoryUnderLoadIsServedWithoutLosingASequenceAndEachResultNamesItsVersion()
    {
        using var models = new TinyCheckpoints();
        models.Write("tiny", "1", seed: 7);
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var silo = MultiProcessSilo.Start("silo", Settings(broker, models.Folder));
        await silo.WaitUntilReadyAsync(ProcessStartPatience, _cancellation);
        await using var results = await ResultRecorder.StartAsync(broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(broker, _cancellation);

        // Every camera sends a sequence each round until told to stop; the swap happens while they do.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        var rounds = 0;
        var sending = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(Round);
            while (!stop.IsCancellationRequested)
            {
                foreach (var camera in Cameras)
                {
                    await publisher.PublishAsync(TestSequences.Create(Site, camera, rounds, TimeProvider.System.GetUtcNow(), frames: 4), _cancellation);
                }

                rounds++;
                await pace.WaitForNextTickAsync(_cancellation);
            }
        }, _cancellation);

        await results.WaitUntilAsync(all => Cameras.All(c => all.Count(r => r.Camera == c) >= 3), _cancellation);

        // Written beside the directory and renamed into it, as an operator (or a deployment tool) replaces a file.
        var staged = models.Write("tiny", "2", seed: 8, folder: "staging");
        File.Move(staged, Path.Combine(models.Folder, "tiny.ckpt"), overwrite: true);
        await results.WaitUntilAsync(all => Cameras.All(c => all.Any(r => r.Camera == c && r.ModelVersion == "2")), _cancellation);
        var swappedAt = Volatile.Read(ref rounds);
        await results.WaitUntilAsync(all => Cameras.All(c => all.Any(r => r.Camera == c && r.SequenceNumber >= swappedAt + RoundsAfterSwap)), _cancellation);
        await stop.CancelAsync();
        await sending;
        var sent = rounds;
        await results.WaitUntilAsync(all => all.Count >= sent * Cameras.Length, _cancellation);

        // Every sequence sent ended as exactly one result, and none as a drop; a camera's results name version 1 up to the
        // swap and version 2 from it on (results leave in sequence order), both of the same model.
        Assert.Empty(results.Drops);
        Assert.Empty(results.Undecodable);
        foreach (var camera in Cameras)
        {
            var mine = results.For(Site, camera);
            Assert.Equal(Enumerable.Range(0, sent).Select(n => (long)n), mine.Select(r => r.SequenceNumber));
            Assert.All(mine, r => Assert.Equal("tiny", r.ModelName));
            var versions = mine.Select(r => r.ModelVersion).ToList();
            var firstNew = versions.IndexOf("2");
            Assert.True(firstNew > 0, $"camera {camera}: versions {string.Join(',', versions)}");
            Assert.All(versions[..firstNew], v => Assert.Equal("1", v));
            Assert.All(versions[firstNew..], v => Assert.Equal("2", v));
        }

        using var http = new HttpClient();
        var scrape = await MultiProcessMetrics.ScrapeAsync(http, silo.HttpAddress, _cancellation);
        Assert.Equal(1, scrape.Sum("edgevision_models_swaps_total"));
        Assert.Equal(0, scrape.Sum("edgevision_models_refused_total"));
        Assert.Equal(0, scrape.Sum("edgevision_silo_dropped_total"));
        Assert.Equal(
            new Dictionary<string, double> { ["2"] = 1 },
            scrape.By("edgevision_models_loaded", "version", labels => labels.GetValueOrDefault("model") == "tiny"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} rounds of {Cameras.Length} cameras; the swap began after round {swappedAt}.");
    }

    private static Dictionary<string, string> Settings(InProcessBroker broker, string modelDirectory)
    {
        var ports = LoopbackPort.Free(2);
        var id = $"hotswap-{Guid.NewGuid():N}"[..20];
        return new Dictionary<string, string>
        {
            ["Silo:Cluster:ServiceId"] = id,
            ["Silo:Cluster:ClusterId"] = id,
            ["Silo:Cluster:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Silo:Cluster:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Silo:Cluster:InferenceDevice"] = "cpu",
            ["Silo:Mqtt:Host"] = InProcessBroker.Address,
            ["Silo:Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Silo:Mqtt:ClientId"] = id,
            ["Silo:ModelCatalog:Directory"] = modelDirectory,
            ["Silo:ModelCatalog:RescanSeconds"] = "1",
            ["Silo:ModelCatalog:SettleMilliseconds"] = "200",
            ["Silo:Cameras:DefaultModel"] = "tiny",
            // A loaded machine must not turn a slow sequence into a stale or overload drop: this test is about the swap.
            ["Silo:Inference:TargetLatencyMs"] = "30000",
            ["Silo:Inference:MaxLatencyMs"] = "60000",
            ["Silo:Cameras:MaxPendingSequences"] = "10000",
            ["Silo:InferenceEngine:MaxPendingRequests"] = "100000",
            ["DOTNET_gcServer"] = "0",
        };
    }
}
