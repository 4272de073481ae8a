using System.IO.Compression;
using System.Text.Json.Nodes;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Models;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    private static readonly CheckpointMetadata Metadata = new(
        "1.2.0", new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), Seed: 42,
        TrainingCommand: "edgevision train --model conv3d --epochs 3", Epochs: 3,
        Metrics: new Dictionary<string, double> { ["top1"] = 0.875 });

    private static readonly string[] Labels = ["walk", "run", "jump", "sit", "stand"];

    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [MemberData(nameof(TinyModels.AllModels), MemberType = typeof(TinyModels))]
    public void RoundTripGivesIdenticalOutputsAndKeepsWhatTheCheckpointSays(string kind, FusionMode fusion)
    {
        using var scope = NewDisposeScope();
        var path = directory.File("model.evckpt");
        using var original = TinyModels.Create(kind, fusion, TinyModels.Config(layers: 2));
        MoveAwayFromInitialValues(original);
        original.Module.eval();
        Checkpoint.Save(path, original, Metadata, Labels);

        var loaded = Checkpoint.Load(path);
        using var model = loaded.Model;
        model.Module.eval();

        var saved = original.Module.state_dict();
        var restored = model.Module.state_dict();
        Assert.Equal(saved.Keys.Order(), restored.Keys.Order());
        Assert.All(saved, p => Assert.True(p.Value.eq(restored[p.Key]).all().item<bool>(), $"{p.Key} changed in the round trip"));
        // Bit-exact weights; outputs only to float tolerance, because libtorch's CPU kernels may split
        // reductions differently when other tests compute in parallel.
        var frames = TinyModels.Frames(batch: 2);
        Assert.True(original.Module.call(frames).allclose(model.Module.call(frames), rtol: 1e-5, atol: 1e-6));
        Assert.Equal(kind, model.Kind);
        Assert.Equal(fusion, loaded.Fusion);
        Assert.Equal(Labels, loaded.Labels);
        Assert.Equal(Metadata with { Metrics = null }, loaded.Metadata with { Metrics = null });
        Assert.Equal(0.875, loaded.Metadata.Metrics!["top1"]);
        Assert.Equal(2, model.Config.NumLayers);
    }

    [Fact]
    public void CheckpointWhoseConfigurationNoLongerFitsItsWeightsNamesEveryShapeDifference()
    {
        var path = directory.File("model.evckpt");
        using (var model = TinyModels.Create(VideoModelKinds.ConvLstm))
        {
            Checkpoint.Save(path, model, Metadata, Labels);
        }

        EditManifest(path, manifest => manifest["config"]!["hiddenDim"] = 16);

        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(path));
        Assert.Contains("stem.weight has shape [8, 9, 3, 3] in the weights but [16, 9, 3, 3] in the model", error.Message);
        Assert.Contains(error.Differences, d => d.StartsWith("head.weight has shape [5, 128]", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckpointWithMoreClassesThanItsWeightsNamesTheHead()
    {
        var path = directory.File("model.evckpt");
        using (var model = TinyModels.Create(VideoModelKinds.Conv3d))
        {
            Checkpoint.Save(path, model, Metadata, Labels);
        }

        EditManifest(path, manifest =>
        {
            manifest["config"]!["numClasses"] = 6;
            manifest["labels"]!.AsArray().Add("wave");
        });

        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(path));
        Assert.Equal(
            ["head.bias has shape [5] in the weights but [6] in the model", "head.weight has shape [5, 128] in the weights but [6, 128] in the model"],
            error.Differences);
    }

    [Fact]
    public void RefusesAFormatVersionNewerThanItReads()
    {
        var path = directory.File("model.evckpt");
        using (var model = TinyModels.Create(VideoModelKinds.Conv3d))
        {
            Checkpoint.Save(path, model, Metadata, Labels);
        }

        EditManifest(path, manifest => manifest["formatVersion"] = Checkpoint.FormatVersion + 1);

        var error = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path));
        Assert.Contains($"format version {Checkpoint.FormatVersion + 1}", error.Message);
    }

    [Fact]
    public void WritingTheMetadataKeepsTheWeightsByteForByteAndTheAccuracyGridLoadsBack()
    {
        var path = directory.File("model.evckpt");
        using (var model = TinyModels.Create(VideoModelKinds.Conv3d))
        {
            Checkpoint.Save(path, model, Metadata, Labels);
        }

        var weights = WeightsBytes(path);
        var grid = new AccuracyGrid([new AccuracyCell(32, 32, 0, 0.98), new AccuracyCell(24, 24, 0, 0.95), new AccuracyCell(32, 32, 1, 0.4)],
            500, 2_000_003, 8, new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero));

        Checkpoint.WriteMetadata(path, Checkpoint.ReadMetadata(path) with { AccuracyGrid = grid });

        Assert.Equal(weights, WeightsBytes(path));
        var loaded = Checkpoint.Load(path);
        loaded.Model.Dispose();
        Assert.Equal(grid.Cells, loaded.Metadata.AccuracyGrid!.Cells);
        Assert.Equal((500, 2_000_003, 8), (loaded.Metadata.AccuracyGrid.SequencesPerCell, loaded.Metadata.AccuracyGrid.Seed, loaded.Metadata.AccuracyGrid.FramesPerAction));
        Assert.Equal(0.95, loaded.Metadata.AccuracyGrid.Top1(24, 24, 0));
        Assert.Null(loaded.Metadata.AccuracyGrid.Top1(16, 16, 0));
        Assert.Equal("1.2.0", loaded.Metadata.Version);
    }

    [Fact]
    public void ACheckpointWrittenBeforeAccuracyGridsLoadsWithTheCostUnknown()
    {
        var path = directory.File("model.evckpt");
        using (var model = TinyModels.Create(VideoModelKinds.Conv3d))
        {
            Checkpoint.Save(path, model, Metadata, Labels);
        }

        EditManifest(path, manifest => manifest["metadata"]!.AsObject().Remove("accuracyGrid"));

        var loaded = Checkpoint.Load(path);
        loaded.Model.Dispose();
        Assert.Null(loaded.Metadata.AccuracyGrid);
    }

    [Fact]
    public void RefusesAnAccuracyGridWithACellOutOfRange()
    {
        var path = directory.File("model.evckpt");
        using (var model = TinyModels.Create(VideoModelKinds.Conv3d))
        {
            Checkpoint.Save(path, model, Metadata with { AccuracyGrid = new AccuracyGrid([new AccuracyCell(32, 32, 0, 1.5)], 1, 1, 8, DateTimeOffset.UnixEpoch) }, Labels);
        }

        var error = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path));
        Assert.Contains("accuracy grid that has an invalid cell", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAFileThatIsNotACheckpoint()
    {
        var path = directory.File("notes.txt");
        File.WriteAllText(path, "not a checkpoint");

        Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path));
    }

    [Fact]
    public void SaveRejectsLabelsThatDoNotMatchTheClasses()
    {
        using var model = TinyModels.Create(VideoModelKinds.Conv3d);

        Assert.Throws<ArgumentException>(() => Checkpoint.Save(directory.File("m.evckpt"), model, Metadata, ["only", "two"]));
        Assert.False(File.Exists(directory.File("m.evckpt")));
    }

    private static void MoveAwayFromInitialValues(IVideoModel model)
    {
        // Perturbed weights and updated BatchNorm statistics, so the round trip has something to carry.
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var parameter in model.Module.parameters())
        {
            parameter.add_(randn_like(parameter) * 0.01);
        }

        model.Module.train();
        model.Module.call(TinyModels.Frames(batch: 2, seed: 3));
    }

    // Guards against the hybrid's conv3d.blocks.conv0/norm0 "changing later" after one Adam step: libtorch's CPU conv3d
    // backward on a contiguous input reads freed memory, which turns them NaN in the step (NaN != NaN, so the bit-exact
    // comparison flags them). Conv3dModel runs its convolutions channels-last; see GradientIntegrityTests.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TrainingStepLeavesConv3dWeightsUntouchedAfterwards(int attempt)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Create(VideoModelKinds.Hybrid, config: TinyModels.Config(layers: 2), seed: attempt);
        model.Module.train();
        var optimizer = optim.Adam(model.Module.parameters(), lr: 0.01);
        nn.functional.cross_entropy(model.Module.call(TinyModels.Frames(batch: 2, seed: 3)), tensor(new long[] { 0, 4 })).backward();
        optimizer.step();
        model.Module.eval();
        var snapshot = model.Module.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var nonFinite = snapshot.Where(p => !p.Value.isfinite().all().item<bool>()).Select(p => p.Key).ToList();
        Assert.True(nonFinite.Count == 0, $"Non-finite after one Adam step: {string.Join(", ", nonFinite)}");

        var path = directory.File("model.evckpt");
        for (var i = 0; i < 5; i++)
        {
            Checkpoint.Save(path, model, Metadata, Labels);
            using var loaded = Checkpoint.Load(path).Model;
        }

        var changed = model.Module.state_dict().Where(p => !p.Value.eq(snapshot[p.Key]).all().item<bool>()).Select(p => p.Key).ToList();
        Assert.True(changed.Count == 0, $"Changed without being touched: {string.Join(", ", changed)}");
    }

    private static byte[] WeightsBytes(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        using var stream = archive.GetEntry("weights.safetensors")!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void EditManifest(string path, Action<JsonNode> edit)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = archive.GetEntry("manifest.json")!;
        JsonNode manifest;
        using (var reader = entry.Open())
        {
            manifest = JsonNode.Parse(reader)!;
        }

        edit(manifest);
        entry.Delete();
        using var writer = new StreamWriter(archive.CreateEntry("manifest.json").Open());
        writer.Write(manifest.ToJsonString());
    }
}
