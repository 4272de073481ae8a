using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Models;
using EdgeVision.Inference.Runtime;
using EdgeVision.Tests.Edge;
using EdgeVision.Tests.Inference.Batching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Inference.Catalog;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class ModelCatalogTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly FrameBatchShape One = new(1, 4, 3, 32, 32);
    private readonly TinyCheckpoints checkpoints = new();
    private readonly IMeterFactory meters = EdgeTestKit.NewMeterFactory();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void ServesEveryCheckpointOfItsFolderUnderItsFileName()
    {
        checkpoints.Write("tiny", "1.0.0");
        checkpoints.Write("Other", "3", VideoModelKinds.Transformer);
        using var catalog = checkpoints.Catalog();

        Assert.Equal(["Other", "tiny"], catalog.Keys);
        Assert.True(catalog.Contains("other"));
        var tiny = catalog.Describe("TINY");
        Assert.Equal(("tiny", VideoModelKinds.Conv3d, "1.0.0", "cpu", 32), (tiny.Key, tiny.Kind, tiny.Version, tiny.Device, tiny.Config.InputWidth));
        Assert.Equal(TinyModels.Classes, tiny.Labels.Count);
        Assert.Equal(VideoModelKinds.Transformer, catalog.Describe("other").Kind);
    }

    [Fact]
    public void ServesTheShippedCheckpointsWhenNoFolderIsConfigured()
    {
        using var catalog = checkpoints.Catalog(new ModelCatalogOptions());

        var shipped = catalog.Describe("conv3d");

        Assert.Equal(VideoModelKinds.Conv3d, shipped.Kind);
        Assert.Equal(10, shipped.Labels.Count);
        Assert.StartsWith(ModelCatalogOptions.ShippedDirectory, shipped.CheckpointPath, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExplicitCheckpointOverridesTheFolderAndAnUnknownKeyNamesTheKnownOnes()
    {
        checkpoints.Write("tiny", "1");
        var explicitPath = checkpoints.Write("tiny", "2", folder: "v2");
        using var catalog = checkpoints.Catalog(new ModelCatalogOptions { Directory = checkpoints.Folder, Checkpoints = { ["tiny"] = explicitPath } });

        Assert.Equal("2", catalog.Describe("tiny").Version);
        Assert.Contains("known: tiny", Assert.Throws<ArgumentException>(() => catalog.Describe("conv3d")).Message);
        Assert.Throws<ArgumentException>(() => catalog.Acquire("conv3d"));
    }

    [Fact]
    public void OfTwoFilesOfOneNameItServesTheOneWrittenLast()
    {
        var first = checkpoints.Write("tiny", "1");
        var second = Path.Combine(checkpoints.Folder, "tiny.CKPT");
        File.Move(checkpoints.Write("tiny", "2", seed: 8, folder: "next"), second);
        File.SetLastWriteTimeUtc(first, DateTime.UtcNow.AddMinutes(-1));
        File.SetLastWriteTimeUtc(second, DateTime.UtcNow);

        using var catalog = checkpoints.Catalog();

        Assert.Equal(("2", second), (catalog.Describe("tiny").Version, catalog.Describe("tiny").CheckpointPath));
    }

    [Fact]
    public void RejectsAMissingFolderOrCheckpointNamingTheKey()
    {
        var options = new ModelCatalogOptions { Directory = Path.Combine(checkpoints.Folder, "missing"), Checkpoints = { ["x"] = "/no/such.ckpt" } };

        var error = Assert.Throws<ArgumentException>(() => checkpoints.Catalog(options));

        Assert.Contains("Directory must name an existing folder", error.Message);
        Assert.Contains("Checkpoints:x must name an existing checkpoint file", error.Message);
    }

    [Fact]
    public void ALeaseTakenBeforeASwapKeepsServingTheOldVersion()
    {
        checkpoints.Write("tiny", "1", seed: 7);
        var next = checkpoints.Write("tiny-next", "2", seed: 8, folder: "next");
        using var catalog = checkpoints.Catalog();
        var pixels = Requests.ModelInput(Requests.Create());
        using var old = catalog.Acquire("tiny");

        Assert.Equal("2", catalog.Load("tiny", next));

        var before = old.Session.Predict(pixels, One)[0];
        using var current = catalog.Acquire("tiny");
        var after = current.Session.Predict(pixels, One)[0];
        Assert.Equal(("1", "2"), (old.Version, current.Version));
        Assert.NotEqual(before, after, new FloatTolerance(1e-6f));
    }

    [Fact]
    public void RefusesToSwapInAModelThatTakesOtherChannels()
    {
        checkpoints.Write("tiny", "1");
        var gray = checkpoints.Write("gray", "2", channels: 1, folder: "gray");
        using var catalog = checkpoints.Catalog();

        var error = Assert.Throws<ArgumentException>(() => catalog.Load("tiny", gray));

        Assert.Contains("takes 1 channels", error.Message);
        Assert.Equal("1", catalog.Describe("tiny").Version);
    }

    [Fact]
    public async Task RequestsQueuedBeforeASwapRunOnTheNewVersion()
    {
        checkpoints.Write("tiny", "1");
        var next = checkpoints.Write("tiny", "2", seed: 8, folder: "next");
        using var catalog = checkpoints.Catalog();
        var time = new FakeTimeProvider(Requests.Start);
        using var engine = Engine(catalog, time);
        var queued = new[] { engine.InferAsync(Requests.Create("site/a"), Token), engine.InferAsync(Requests.Create("site/b"), Token) };

        catalog.Load("tiny", next);
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.All(await Task.WhenAll(queued).WaitAsync(Timeout, Token), o => Assert.Equal((InferenceStatus.Completed, "2"), (o.Status, o.ModelVersion)));
    }

    [Fact]
    public async Task CamerasOfTwoModelsQueuedTogetherAreServedInSeparateBatchesEachNamingItsModel()
    {
        checkpoints.Write("tiny", "1");
        checkpoints.Write("other", "7", seed: 9);
        using var catalog = checkpoints.Catalog();
        var time = new FakeTimeProvider(Requests.Start);
        using var engine = Engine(catalog, time);
        var queued = new[]
        {
            engine.InferAsync(Requests.Create("site/a", "tiny"), Token), engine.InferAsync(Requests.Create("site/b", "other"), Token),
            engine.InferAsync(Requests.Create("site/c", "tiny"), Token), engine.InferAsync(Requests.Create("site/d", "other"), Token),
        };

        time.Advance(TimeSpan.FromMilliseconds(100));
        var outcomes = await Task.WhenAll(queued).WaitAsync(Timeout, Token);

        Assert.Equal(
            [("tiny", "1", 2), ("other", "7", 2), ("tiny", "1", 2), ("other", "7", 2)],
            outcomes.Select(o => (o.ModelKey, o.ModelVersion, o.BatchSize)));
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task SwappingVersionsWhileRequestsFlowFailsNoRequest()
    {
        var first = checkpoints.Write("tiny", "1");
        var second = checkpoints.Write("tiny", "2", seed: 8, folder: "next");
        using var catalog = checkpoints.Catalog();
        await using var engine = Engine(catalog, TimeProvider.System);
        List<Task<InferenceOutcome>> flowing = [];

        for (var round = 0; round < 6; round++)
        {
            var captured = TimeProvider.System.GetUtcNow();
            flowing.AddRange(Enumerable.Range(0, 6).Select(i =>
                Task.Run(() => engine.InferAsync(Requests.Create($"site/cam-{i}", capturedAt: captured, maxLatencyMs: 30_000, seed: i), Token), Token)));
            catalog.Load("tiny", round % 2 == 0 ? second : first);
        }

        catalog.Load("tiny", second);
        var afterLastSwap = Enumerable.Range(0, 3).Select(i => engine.InferAsync(Requests.Create($"site/cam-{i}", capturedAt: TimeProvider.System.GetUtcNow(), maxLatencyMs: 30_000), Token)).ToArray();
        var outcomes = await Task.WhenAll(flowing).WaitAsync(Timeout, Token);

        Assert.All(outcomes, o => Assert.Equal(InferenceStatus.Completed, o.Status));
        Assert.Subset(new HashSet<string> { "1", "2" }, outcomes.Select(o => o.ModelVersion).ToHashSet());
        Assert.All(await Task.WhenAll(afterLastSwap).WaitAsync(Timeout, Token), o => Assert.Equal((InferenceStatus.Completed, "2"), (o.Status, o.ModelVersion)));
    }

    public void Dispose() => checkpoints.Dispose();

    private InferenceEngine Engine(IModelCatalog catalog, TimeProvider time) =>
        new(catalog,
            Options.Create(new InferenceConfig { TargetLatencyMs = 100, MaxLatencyMs = 30_000, MaxBatchSize = 4 }),
            Options.Create(new InferenceEngineOptions()),
            time,
            meters,
            NullLogger<InferenceEngine>.Instance);
}
