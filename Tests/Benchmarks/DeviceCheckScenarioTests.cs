using System.Text.Json.Nodes;
using EdgeVision.Tests.Cli;
using TorchSharp;

namespace EdgeVision.Tests.Benchmarks;

/// <summary>
/// The GPU check's scenario (<c>inference-device</c>) and the <c>--device</c> option of <c>model-forward-latency</c>,
/// through the built Benchmarks executable as far as a machine without CUDA can run them: option errors, the exit code
/// where CUDA is missing, and a whole CPU-against-CPU run of a shipped checkpoint through the silo's InferenceSession.
/// </summary>
public sealed class DeviceCheckScenarioTests
{
    [Theory]
    [InlineData(new[] { "--device", "gpu" }, "--device must be one of cuda, cpu (was 'gpu').")]
    [InlineData(new[] { "--device" }, "--device needs a value.")]
    [InlineData(new[] { "--batches", "1,0" }, "--batches must be a positive whole number (was '0').")]
    [InlineData(new[] { "--models", "resnet" }, "--models: unknown kind(s) resnet. Valid: convlstm, conv3d, transformer, hybrid.")]
    [InlineData(new[] { "--packages", "r3d_18.onnx" }, "--packages takes comma-separated model packages (*.evpkg); was 'r3d_18.onnx'.")]
    [InlineData(new[] { "--bogus" }, "Unknown option --bogus.")]
    public async Task BadOptionsExitWithCodeOneNamingTheOption(string[] args, string message)
    {
        var (exit, _, error) = await RunAsync(["inference-device", "--models-dir", "/models", .. args]);

        Assert.Equal(1, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task ForwardLatencyDeviceOptionTakesCpuOrCudaOnly()
    {
        var (exit, _, error) = await RunAsync(["model-forward-latency", "--device", "tpu"]);

        Assert.Equal(1, exit);
        Assert.Contains("--device must be cpu or cuda (was 'tpu').", error);
    }

    [Theory]
    [InlineData(null)] // cuda is the default
    [InlineData(" Cuda ")]
    public async Task ACudaRunExitsWithCodeThreeWhereLibtorchHasNoCuda(string? device)
    {
        Assert.SkipWhen(torch.cuda.is_available(), "This machine has CUDA; the device check itself runs there.");
        string[] choice = device is null ? [] : ["--device", device];

        var (exit, output, error) = await RunAsync(["inference-device", .. choice, "--models", "conv3d", "--repetitions", "1"]);

        Assert.Equal(3, exit);
        Assert.Contains("CPU baseline 2 threads.", output);
        Assert.Contains("--device cuda: libtorch reports no usable CUDA device", error);
    }

    [Fact]
    public async Task ForwardLatencyOnCudaExitsWithCodeThreeWhereLibtorchHasNoCuda()
    {
        Assert.SkipWhen(torch.cuda.is_available(), "This machine has CUDA.");

        var (exit, _, error) = await RunAsync(["model-forward-latency", "--device", "CUDA", "--models", "conv3d", "--no-pytorch"]);

        Assert.Equal(3, exit);
        Assert.Contains("--device cuda: libtorch reports no usable CUDA device.", error);
    }

    [Fact]
    public async Task CpuRunOfAShippedCheckpointAgreesAndWritesEveryDefaultBatchSizesTimings()
    {
        var report = Path.Combine(Path.GetTempPath(), $"edgevision-device-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, output, error) = await RunAsync(["inference-device", "--device", "CPU", "--models", "conv3d", "--repetitions", "1", "--output", report]);

            Assert.True(exit == 0, $"exit {exit}: {output} {error}");
            var document = JsonNode.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken))!;
            Assert.True(document["agreed"]!.GetValue<bool>());
            var agreement = Assert.Single(document["agreement"]!.AsArray())!;
            Assert.Equal("cpu", agreement["device"]!.GetValue<string>());
            Assert.Equal(32, agreement["clips"]!.GetValue<int>());
            Assert.Equal(0.0, agreement["maxAbsProbabilityDifference"]!.GetValue<double>());
            Assert.Equal(32, agreement["top1Agreements"]!.GetValue<int>());
            var timings = document["timings"]!.AsArray();
            Assert.Equal([1, 8, 32], timings.Select(t => t!["batch"]!.GetValue<int>()));
            Assert.All(timings, t => Assert.Single(t!["deviceMs"]!.AsArray()));
            Assert.All(timings, t => Assert.True(t!["cpuMedianMs"]!.GetValue<double>() > 0));
        }
        finally
        {
            File.Delete(report);
        }
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(string[] arguments) =>
        EdgeVisionProcess.RunDllAsync(BenchmarkTestKit.BuiltDll("Benchmarks", "EdgeVision.Benchmarks.dll"), arguments);
}
