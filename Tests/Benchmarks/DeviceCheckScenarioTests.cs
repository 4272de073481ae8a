using System.Text.Json.Nodes;
using EdgeVision.Benchmarks;
using EdgeVision.Benchmarks.Models;
using TorchSharp;

namespace EdgeVision.Tests.Benchmarks;

/// <summary>
/// The GPU check's scenario (<c>inference-device</c>) and the <c>--device</c> option of <c>model-forward-latency</c>,
/// as far as a machine without CUDA can run them: option validation, and a whole CPU-against-CPU run of a shipped
/// checkpoint through the silo's InferenceSession.
/// </summary>
public sealed class DeviceCheckScenarioTests
{
    [Theory]
    [InlineData("cuda", "cuda")]
    [InlineData("CPU", "cpu")]
    [InlineData(" Cuda ", "cuda")]
    public void DeviceOptionAcceptsCpuAndCudaInAnyCase(string value, string expected)
    {
        var options = DeviceCheckOptions.Parse(["--device", value, "--models-dir", "/models"]);

        Assert.Equal(expected, options.Device);
    }

    [Fact]
    public void DeviceDefaultsToCudaAndTheBaselineToTwoThreads()
    {
        var options = DeviceCheckOptions.Parse(["--models-dir", "/models"]);

        Assert.Equal("cuda", options.Device);
        Assert.Equal(2, options.Threads);
        Assert.Equal([1, 8, 32], options.Batches);
    }

    [Theory]
    [InlineData(new[] { "--device", "gpu" }, "--device must be one of cuda, cpu (was 'gpu').")]
    [InlineData(new[] { "--device" }, "--device needs a value.")]
    [InlineData(new[] { "--batches", "1,0" }, "--batches must be a positive whole number (was '0').")]
    [InlineData(new[] { "--models", "resnet" }, "--models: unknown kind(s) resnet. Valid: convlstm, conv3d, transformer, hybrid.")]
    [InlineData(new[] { "--bogus" }, "Unknown option --bogus.")]
    public void BadOptionsAreErrorsNamingTheOption(string[] args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceCheckOptions.Parse(["--models-dir", "/models", .. args]));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ForwardLatencyDeviceOptionTakesCpuOrCudaOnly()
    {
        Assert.Equal("cuda", ForwardLatencyOptions.Parse(["--device", "CUDA"]).Device);
        Assert.Equal("cpu", ForwardLatencyOptions.Parse([]).Device);
        var error = Assert.Throws<ArgumentException>(() => ForwardLatencyOptions.Parse(["--device", "tpu"]));
        Assert.Contains("--device must be cpu or cuda (was 'tpu').", error.Message);
    }

    [Fact]
    public async Task ScenarioWithABadDeviceExitsWithCodeOne()
    {
        var exit = await new DeviceCheckScenario().RunAsync(["--device", "gpu"], TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task CudaRunExitsWithCodeThreeWhereLibtorchHasNoCuda()
    {
        Assert.SkipWhen(torch.cuda.is_available(), "This machine has CUDA; the device check itself runs there.");

        var exit = await new DeviceCheckScenario().RunAsync(
            ["--device", "cuda", "--models", "conv3d", "--repetitions", "1"], TestContext.Current.CancellationToken);

        Assert.Equal(3, exit);
    }

    [Fact]
    public async Task CpuRunOfAShippedCheckpointAgreesAndWritesEveryBatchSizesTimings()
    {
        var report = Path.Combine(Path.GetTempPath(), $"edgevision-device-{Guid.NewGuid():N}.json");
        try
        {
            var exit = await new DeviceCheckScenario().RunAsync(
                ["--device", "cpu", "--models", "conv3d", "--batches", "1,3", "--repetitions", "2", "--output", report],
                TestContext.Current.CancellationToken);

            Assert.Equal(0, exit);
            var document = JsonNode.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken))!;
            Assert.True(document["agreed"]!.GetValue<bool>());
            var agreement = Assert.Single(document["agreement"]!.AsArray())!;
            Assert.Equal("cpu", agreement["device"]!.GetValue<string>());
            Assert.Equal(3, agreement["clips"]!.GetValue<int>());
            Assert.Equal(0.0, agreement["maxAbsProbabilityDifference"]!.GetValue<double>());
            Assert.Equal(3, agreement["top1Agreements"]!.GetValue<int>());
            var timings = document["timings"]!.AsArray();
            Assert.Equal([1, 3], timings.Select(t => t!["batch"]!.GetValue<int>()));
            Assert.All(timings, t => Assert.Equal(2, t!["deviceMs"]!.AsArray().Count));
            Assert.All(timings, t => Assert.True(t!["cpuMedianMs"]!.GetValue<double>() > 0));
            Assert.NotNull(ScenarioArguments.FindModels());
        }
        finally
        {
            File.Delete(report);
        }
    }
}
