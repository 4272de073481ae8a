using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using EdgeVision.Inference.Packages;
using EdgeVision.Tests.Inference.Checkpoints;
using EdgeVision.Tests.Inference.Packages;

namespace EdgeVision.Tests.Cli.Models;

/// <summary>
/// <c>edgevision models import</c> and <c>verify</c> on torchvision video models PyTorch exported at test time: the path a
/// user takes to trust an import.
/// </summary>
[Trait("Category", TorchvisionExports.Trait)]
[Collection(TorchvisionExports.Collection)]
public sealed partial class ImportedTorchvisionModelTests(TorchvisionExports exports) : IDisposable
{
    private readonly TemporaryDirectory packages = new();

    [Theory]
    [InlineData("r3d_18", "model.onnx")]
    [InlineData("mc3_18", "model.onnx")]
    [InlineData("r2plus1d_18", "model.onnx")]
    [InlineData("s3d", "model.onnx")]
    [InlineData("r3d_18", "model.pt")]
    [InlineData("mc3_18", "model.pt")]
    public async Task VerifyPassesAnImportedModelAgainstPyTorchsOutputWithinOneInTenThousand(string architecture, string file)
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        var package = await ImportAsync(architecture, file);

        var (exit, output, error) = await BenchmarkTestKit.RunAsync(
            "models", "verify", package, "--input", exports.File(architecture, "input.npy"), "--expected", exports.File(architecture, "expected.npy"), "--tolerance", "1e-4");

        var clips = NpyArray.Read(exports.File(architecture, "input.npy")).Shape[0];
        Assert.True(exit == 0, $"{output}{error}");
        Assert.Contains($"top-1 agrees on {clips} of {clips}", output, StringComparison.Ordinal);
        Assert.InRange(LargestDifference(output), 0, 1e-4);
    }

    [Fact]
    public async Task ImportReadsLayoutSizeAndNormalisationFromTheModelsMetadataAndVariableDimensionsFromItsShapes()
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        var package = await ImportAsync("r3d_18");

        var (exit, output, _) = await BenchmarkTestKit.RunAsync("models", "inspect", package);

        Assert.Equal(0, exit);
        Assert.Contains("\"layout\": \"NCTHW\"", output, StringComparison.Ordinal);
        Assert.Contains("\"frames\": 8", output, StringComparison.Ordinal);
        Assert.Contains("\"variableFrames\": true", output, StringComparison.Ordinal);
        Assert.Contains("0.43216", output, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"r3d_18\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyFailsWithExitCodeOneWhenTheOutputsDifferBeyondTheTolerance()
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        var package = await ImportAsync("r3d_18");
        var shifted = packages.File("shifted.npy");
        var bytes = await File.ReadAllBytesAsync(exports.File("r3d_18", "expected.npy"), TestContext.Current.CancellationToken);
        var data = 10 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(data), BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(data)) + 0.01f);
        await File.WriteAllBytesAsync(shifted, bytes, TestContext.Current.CancellationToken);

        var (exit, output, _) = await BenchmarkTestKit.RunAsync("models", "verify", package, "--input", exports.File("r3d_18", "input.npy"), "--expected", shifted);

        Assert.Equal(1, exit);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
        Assert.InRange(LargestDifference(output), 0.009, 0.011);
    }

    [Fact]
    public async Task ImportRefusesAModelWithStateBetweenClipsNamingItsInputs()
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        var labels = packages.File("labels.txt");
        await File.WriteAllLinesAsync(labels, ["a", "b", "c", "d", "e"], TestContext.Current.CancellationToken);

        var (exit, _, error) = await BenchmarkTestKit.RunAsync(
            "models", "import", exports.File("streaming", "model.onnx"), "--labels", labels, "-o", packages.File("streaming.evpkg"), "--mean", "0,0,0", "--std", "1,1,1");

        Assert.Equal(2, exit);
        Assert.Contains("2 inputs (video, state)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(packages.File("streaming.evpkg")));
    }

    [Fact]
    public async Task LiveServesAnImportedPackageAndReportsItsVersion()
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        var package = await ImportAsync("r3d_18");
        var report = packages.File("report.json");

        var (exit, output, error) = await BenchmarkTestKit.RunAsync(
            "live", "--source", "synthetic:width=64,height=48", "--model", package, "--max-frames", "24", "--unpaced", "--quiet", "--report-file", report);

        Assert.True(exit == 0, $"{output}{error}");
        var json = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        Assert.Contains(ModelPackage.ReadManifest(package).Version, json, StringComparison.Ordinal);
        Assert.Matches(@"[1-9]\d* completed", output);
    }

    public void Dispose() => packages.Dispose();

    private async Task<string> ImportAsync(string architecture, string file = "model.onnx")
    {
        var package = packages.File($"{architecture}-{Path.GetExtension(file).TrimStart('.')}.evpkg");
        var (exit, output, error) = await BenchmarkTestKit.RunAsync(
            "models", "import", exports.File(architecture, file), "--labels", exports.File(architecture, "labels.txt"), "-o", package);
        Assert.True(exit == 0, $"{output}{error}");
        return package;
    }

    private static double LargestDifference(string output) =>
        double.Parse(DifferencePattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"largest \|difference\| (\S+) ")]
    private static partial Regex DifferencePattern();
}
