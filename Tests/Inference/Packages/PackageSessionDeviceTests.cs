using EdgeVision.Inference.Packages;
using EdgeVision.Inference.Runtime;
using EdgeVision.Tests.Cli;
using EdgeVision.Tests.Inference.Checkpoints;
using EdgeVision.Tests.Inference.Batching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace EdgeVision.Tests.Inference.Packages;

/// <summary>
/// Where each runtime of a model package serves: CUDA when <see cref="InferenceSessionOptions.PreferCuda"/> and the
/// process can, else the CPU, with a log line saying why CUDA was not used and the same results as PyTorch either way.
/// </summary>
[Trait("Category", TorchvisionExports.Trait)]
[Collection(TorchvisionExports.Collection)]
public sealed class PackageSessionDeviceTests(TorchvisionExports exports)
{
    private const string Architecture = "r3d_18";

    [Fact]
    public void OnnxRuntimeWithoutItsCudaProviderServesOnTheCpuAndSaysWhy()
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        Assert.SkipWhen(OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"), "This build's ONNX Runtime has the CUDA provider.");
        var logger = new FakeLogger<OnnxSession>();

        using var session = new OnnxSession(Model("model.onnx"), Manifest("model.onnx"), new InferenceSessionOptions { PreferCuda = true }, logger);

        Assert.Equal("cpu", session.DeviceName);
        var line = Assert.Single(logger.Collector.GetSnapshot(), r => r.Message.Contains("although CUDA is preferred", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("no CUDA provider (providers: CPUExecutionProvider)", line.Message, StringComparison.Ordinal);
        Assert.Contains("-p:EdgeVisionOnnxBackend=cuda", line.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message.StartsWith($"ONNX Runtime serves {Architecture} version", StringComparison.Ordinal) && r.Message.Contains(" on cpu ", StringComparison.Ordinal));
        AssertMatchesPyTorch(session);
    }

    [Fact]
    public void LibtorchWithoutCudaServesTheTorchScriptModelOnTheCpuAndSaysWhy()
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        Assert.SkipWhen(torch.cuda.is_available(), "libtorch has a CUDA device here.");
        var logger = new FakeLogger<TorchScriptSession>();

        using var session = new TorchScriptSession(Model("model.pt"), Manifest("model.pt"), new InferenceSessionOptions { PreferCuda = true }, logger);

        Assert.Equal("cpu", session.DeviceName);
        var line = Assert.Single(logger.Collector.GetSnapshot(), r => r.Message.Contains("although CUDA is preferred", StringComparison.Ordinal));
        Assert.Contains($"libtorch {torch.__version__} sees no CUDA device", line.Message, StringComparison.Ordinal);
        AssertMatchesPyTorch(session);
    }

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("model.pt")]
    public void ARuntimeToldToKeepToTheCpuLogsNoFallback(string file)
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        var log = new FakeLogCollector();
        var options = new InferenceSessionOptions { PreferCuda = false };

        using PackageSession session = file == "model.pt"
            ? new TorchScriptSession(Model(file), Manifest(file), options, new FakeLogger<TorchScriptSession>(log))
            : new OnnxSession(Model(file), Manifest(file), options, new FakeLogger<OnnxSession>(log));

        Assert.Equal("cpu", session.DeviceName);
        Assert.NotEmpty(log.GetSnapshot());
        Assert.DoesNotContain(log.GetSnapshot(), r => r.Message.Contains("CUDA", StringComparison.Ordinal));
        AssertMatchesPyTorch(session);
    }

    [Fact]
    public async Task TheGpuChecksScenarioComparesBothKindsOfPackageAcrossDevices()
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        using var folder = new TemporaryDirectory();
        var labels = File.ReadAllLines(exports.File(Architecture, "labels.txt"));
        var onnx = folder.File("r3d_18-onnx.evpkg");
        var torchScript = folder.File("r3d_18-pt.evpkg");
        ModelPackage.Write(onnx, Manifest("model.onnx"), exports.File(Architecture, "model.onnx"));
        ModelPackage.Write(torchScript, Manifest("model.pt"), exports.File(Architecture, "model.pt"));
        var report = folder.File("device.json");

        var (exit, output, error) = await EdgeVisionProcess.RunDllAsync(
            BenchmarkTestKit.BuiltDll("Benchmarks", "EdgeVision.Benchmarks.dll"),
            ["inference-device", "--device", "cpu", "--packages", $"{onnx},{torchScript}", "--batches", "1,2", "--repetitions", "1", "--output", report]);

        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken))!;
        Assert.True(document["agreed"]!.GetValue<bool>());
        var agreement = document["agreement"]!.AsArray();
        Assert.Equal(["r3d_18-onnx", "r3d_18-pt"], agreement.Select(a => a!["kind"]!.GetValue<string>()));
        Assert.All(agreement, a => Assert.Equal((2, 2), (a!["clips"]!.GetValue<int>(), a["top1Agreements"]!.GetValue<int>())));
        Assert.All(agreement, a => Assert.Null(a!["cpuTop1Correct"]));
        Assert.Equal(4, document["timings"]!.AsArray().Count);
        Assert.Contains("| r3d_18-onnx | cpu | 2 | 0 | 2 | - | - |", output, StringComparison.Ordinal);
    }

    private byte[] Model(string file) => File.ReadAllBytes(exports.File(Architecture, file));

    private ModelManifest Manifest(string file)
    {
        var labels = File.ReadAllLines(exports.File(Architecture, "labels.txt"));
        var model = exports.File(Architecture, file);
        return file == "model.pt"
            ? TorchScriptImport.Describe(model, labels, new ImportSettings())
            : OnnxImport.Describe(model, labels, new ImportSettings());
    }

    // input.npy is what the network receives (normalised, in its layout); expected.npy is PyTorch's logits for it.
    private void AssertMatchesPyTorch(PackageSession session)
    {
        var input = NpyArray.Read(exports.File(Architecture, "input.npy"));
        var expected = NpyArray.Read(exports.File(Architecture, "expected.npy"));
        var rows = session.Run(input.Floats!, [.. input.Shape]);
        var classes = (int)expected.Shape[1];
        Assert.Equal(expected.Floats!, rows.SelectMany(r => r).ToArray(), new FloatTolerance(1e-4f));
        Assert.Equal(expected.Shape[0], rows.Length);
        Assert.All(rows, r => Assert.Equal(classes, r.Length));
    }
}
