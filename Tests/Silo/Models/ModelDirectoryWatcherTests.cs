using System.IO.Compression;
using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Packages;
using EdgeVision.Silo.Models;
using EdgeVision.Tests.Edge;
using EdgeVision.Tests.Inference;
using EdgeVision.Tests.Inference.Catalog;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Silo.Models;

/// <summary>
/// The silo's model directory watched while it runs: new versions swapped in, bad files refused with the version in service
/// kept, each counted. Most tests make the watcher look (<see cref="ModelDirectoryWatcher.Scan"/>) and let the settle time pass on
/// a fake clock (<see cref="Look"/>), so what a file change notification starts meanwhile waits on that clock too; one test lets a
/// notification find the new version in real time.
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class ModelDirectoryWatcherTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private readonly TinyCheckpoints checkpoints = new();
    private readonly FakeTimeProvider time = new();
    private readonly ModelCatalog catalog;
    private readonly ModelInstruments instruments;
    private readonly MetricCollector<long> swaps;
    private readonly MetricCollector<long> refused;
    private readonly MetricCollector<int> loaded;

    public ModelDirectoryWatcherTests()
    {
        checkpoints.Write("tiny", "1", seed: 7);
        catalog = checkpoints.Catalog();
        var meters = EdgeTestKit.NewMeterFactory();
        instruments = new ModelInstruments(meters, catalog);
        swaps = new MetricCollector<long>(meters, ModelInstruments.MeterName, ModelInstruments.SwapsName);
        refused = new MetricCollector<long>(meters, ModelInstruments.MeterName, ModelInstruments.RefusedName);
        loaded = new MetricCollector<int>(meters, ModelInstruments.MeterName, ModelInstruments.LoadedName);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void ANewVersionOfAServedModelIsSwappedInAndCounted()
    {
        using var watcher = Start();

        checkpoints.Write("tiny", "2", seed: 8);
        Look(watcher);

        Assert.Equal("2", catalog.Describe("tiny").Version);
        Assert.Equal([("tiny", 1L)], swaps.GetMeasurementSnapshot().Select(m => ((string)m.Tags["model"]!, m.Value)));
        Assert.Empty(refused.GetMeasurementSnapshot());
        loaded.RecordObservableInstruments();
        Assert.Equal(
            [("tiny", "2", "conv3d")],
            loaded.GetMeasurementSnapshot().Select(m => ((string)m.Tags["model"]!, (string)m.Tags["version"]!, (string)m.Tags["kind"]!)));
    }

    [Fact]
    public void AVersionSwappedOutAfterItWasReportedReadsZeroBesideTheOneInService()
    {
        using var watcher = Start();
        loaded.RecordObservableInstruments();
        loaded.Clear();

        checkpoints.Write("tiny", "2", seed: 8);
        Look(watcher);

        loaded.RecordObservableInstruments();
        Assert.Equal(
            [("1", 0), ("2", 1)],
            loaded.GetMeasurementSnapshot().Where(m => (string)m.Tags["model"]! == "tiny").Select(m => ((string)m.Tags["version"]!, m.Value)).Order());
    }

    [Fact]
    public void ANewModelFileIsServedUnderItsNameWithoutCountingASwap()
    {
        using var watcher = Start();

        checkpoints.Write("other", "5", seed: 9);
        Look(watcher);

        Assert.Equal(("1", "5"), (catalog.Describe("tiny").Version, catalog.Describe("other").Version));
        Assert.Empty(swaps.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task ADamagedCheckpointIsRefusedTheVersionInServiceKeptAndTheNextGoodOneSwappedIn()
    {
        using var watcher = Start();

        await File.WriteAllBytesAsync(Path.Combine(checkpoints.Folder, "tiny.ckpt"), [1, 2, 3, 4], Token);
        Look(watcher);

        Assert.Equal("1", catalog.Describe("tiny").Version);
        Assert.Equal([("tiny", "format")], Refusals());
        using (var lease = catalog.Acquire("tiny"))
        {
            Assert.Equal("1", lease.Version); // still runs
        }

        checkpoints.Write("tiny", "3", seed: 8);
        Look(watcher);

        Assert.Equal("3", catalog.Describe("tiny").Version);
        Assert.Single(swaps.GetMeasurementSnapshot());
    }

    [Fact]
    public void APackageWhoseModelFileDoesNotMatchItsChecksumIsRefusedAndTheVersionInServiceKept()
    {
        using var watcher = Start();

        WriteTamperedPackage(Path.Combine(checkpoints.Folder, "tiny.evpkg"));
        Look(watcher);

        Assert.Equal(("1", "conv3d"), (catalog.Describe("tiny").Version, catalog.Describe("tiny").Kind));
        Assert.Equal([("tiny", "checksum")], Refusals());
        Assert.Empty(swaps.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task AFileWrittenAgainWithTheSameContentIsNotLoadedAgain()
    {
        using var watcher = Start();
        var path = Path.Combine(checkpoints.Folder, "tiny.ckpt");
        var bytes = await File.ReadAllBytesAsync(path, Token);

        await File.WriteAllBytesAsync(path, bytes, Token);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Look(watcher);

        Assert.Equal("1", catalog.Describe("tiny").Version);
        Assert.Empty(swaps.GetMeasurementSnapshot());
        Assert.Empty(refused.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task AChangedFileIsLoadedOnlyOnceItHasStayedUnchangedForTheSettleTime()
    {
        using var watcher = Start();

        checkpoints.Write("tiny", "2", seed: 8);
        watcher.Scan();
        time.Advance(Settle - TimeSpan.FromMilliseconds(1));
        watcher.Scan();
        Assert.Equal("1", catalog.Describe("tiny").Version);

        // The look that found it changing set a timer for the settle time; it fires and loads the file.
        time.Advance(TimeSpan.FromMilliseconds(1));
        await swaps.WaitForMeasurementsAsync(1, Timeout);

        Assert.Equal("2", catalog.Describe("tiny").Version);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task AFileRenamedIntoTheDirectoryIsFoundByItsChangeNotification()
    {
        // Real time and a rescan an hour away: only the file system's notification can start the look.
        using var watcher = Start(TimeProvider.System, rescanSeconds: 3600, settleMilliseconds: 200);
        var staged = checkpoints.Write("tiny", "2", seed: 8, folder: "staging");

        File.Move(staged, Path.Combine(checkpoints.Folder, "tiny.ckpt"), overwrite: true);
        await swaps.WaitForMeasurementsAsync(1, Timeout);

        Assert.Equal("2", catalog.Describe("tiny").Version);
    }

    public void Dispose()
    {
        swaps.Dispose();
        refused.Dispose();
        loaded.Dispose();
        catalog.Dispose();
        checkpoints.Dispose();
    }

    private ModelDirectoryWatcher Start(TimeProvider? clock = null, double rescanSeconds = 30, int settleMilliseconds = 1000)
    {
        var options = new ModelCatalogOptions { Directory = checkpoints.Folder, RescanSeconds = rescanSeconds, SettleMilliseconds = settleMilliseconds };
        var watcher = new ModelDirectoryWatcher(catalog, Options.Create(options), instruments, clock ?? time, NullLogger<ModelDirectoryWatcher>.Instance);
        watcher.Start();
        return watcher;
    }

    // One look at the directory, then the settle time passes: what it found changed is loaded (the look's timer fires).
    private void Look(ModelDirectoryWatcher watcher)
    {
        watcher.Scan();
        time.Advance(Settle);
    }

    private List<(string, string)> Refusals() =>
        [.. refused.GetMeasurementSnapshot().Select(m => ((string)m.Tags["model"]!, (string)m.Tags["reason"]!))];

    // A well-formed package whose model file was changed after its checksum was recorded.
    private void WriteTamperedPackage(string path)
    {
        var model = Path.Combine(checkpoints.Folder, "staging-model.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        File.WriteAllBytes(model, [1, 2, 3, 4]);
        var staged = path + ".staging";
        ModelPackage.Write(staged, Manifest(), model);
        File.Delete(model);
        using (var archive = ZipFile.Open(staged, ZipArchiveMode.Update))
        {
            archive.GetEntry("model.onnx")!.Delete();
            using var stream = archive.CreateEntry("model.onnx").Open();
            stream.Write([1, 2, 3, 5]);
        }

        File.Move(staged, path);
    }

    private static ModelManifest Manifest() => new(
        ModelPackage.FormatVersion, ModelFormat.Onnx, "tiny", "9", "MIT", "test", null,
        new ModelInput("video", TensorLayout.NCTHW, ModelInput.Float32, PixelOrder.Rgb, 1, 4, 32, 32, true, true, true, Mean: [0.4f, 0.4f, 0.4f], Std: [0.2f, 0.2f, 0.2f]),
        new ModelOutput("logits", OutputKind.Logits, OutputActivation.Softmax),
        [.. Enumerable.Range(0, TinyModels.Classes).Select(i => $"c{i}")]);
}
