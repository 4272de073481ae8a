using System.IO.Compression;
using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Packages;
using EdgeVision.Tests.Inference.Catalog;
using EdgeVision.Tests.Inference.Checkpoints;

namespace EdgeVision.Tests.Inference.Packages;

public sealed class ModelPackageTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void RefusesAPackageWhoseModelFileChangedAfterImportNamingBothChecksums()
    {
        var model = directory.File("model.onnx");
        File.WriteAllBytes(model, [1, 2, 3, 4]);
        var package = directory.File("m.evpkg");
        var written = ModelPackage.Write(package, Manifest(), model);
        using (var archive = ZipFile.Open(package, ZipArchiveMode.Update))
        {
            archive.GetEntry("model.onnx")!.Delete();
            using var stream = archive.CreateEntry("model.onnx").Open();
            stream.Write([1, 2, 3, 5]);
        }

        var error = Assert.Throws<ModelChecksumException>(() => ModelPackage.Open(package));

        Assert.Contains(written.Sha256!, error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed or damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsTheManifestAndTheModelFileByteForByte()
    {
        var model = directory.File("model.onnx");
        File.WriteAllBytes(model, [9, 8, 7]);
        var package = directory.File("m.evpkg");

        var written = ModelPackage.Write(package, Manifest(), model);
        var (manifest, bytes) = ModelPackage.Open(package);

        Assert.Equal([9, 8, 7], bytes);
        Assert.Equal(ModelPackage.ToJson(written), ModelPackage.ToJson(manifest));
        Assert.Equal(ModelPackage.Sha256Of(model), manifest.Sha256);
    }

    [Fact]
    public void RefusesAManifestThatCannotBeServedNamingEveryField()
    {
        var model = directory.File("model.onnx");
        File.WriteAllBytes(model, [1]);
        var bad = Manifest() with { Input = Manifest().Input with { ValueRange = 2, Mean = [0.5f, 0.5f] }, Labels = ["a", ""] };

        var error = Assert.Throws<ArgumentException>(() => ModelPackage.Write(directory.File("bad.evpkg"), bad, model));

        Assert.Contains("input.valueRange", error.Message, StringComparison.Ordinal);
        Assert.Contains("input.mean", error.Message, StringComparison.Ordinal);
        Assert.Contains("labels", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("bad.evpkg")));
    }

    [Fact]
    public void DescribesACheckpointInTheSameVocabularyAsAPackage()
    {
        using var checkpoints = new TinyCheckpoints();
        var path = checkpoints.Write("tiny", "1.2");

        var manifest = ModelPackage.Describe(path);

        Assert.Equal((ModelFormat.Checkpoint, "tiny", "1.2", TensorLayout.NTCHW), (manifest.Format, manifest.Name, manifest.Version, manifest.Input.Layout));
        Assert.Equal((TinyModels.Config().SequenceLength, TinyModels.Classes), (manifest.Input.Frames, manifest.Labels.Count));
        Assert.Null(manifest.Input.Mean);
        Assert.Equal(OutputKind.Probabilities, manifest.Output.Kind);
    }

    public void Dispose() => directory.Dispose();

    private static ModelManifest Manifest() => new(
        ModelPackage.FormatVersion, ModelFormat.Onnx, "m", "1", "MIT", "test", null,
        new ModelInput("video", TensorLayout.NCTHW, ModelInput.Float32, PixelOrder.Rgb, 1, 8, 32, 32, true, true, true, Mean: [0.4f, 0.4f, 0.4f], Std: [0.2f, 0.2f, 0.2f]),
        new ModelOutput("logits", OutputKind.Logits, OutputActivation.Softmax),
        ["a", "b"]);
}
