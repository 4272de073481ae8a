using EdgeVision.Inference.Packages;
using EdgeVision.Inference.Runtime;
using EdgeVision.Tests.Cli;
using EdgeVision.Tests.Inference.Checkpoints;
using EdgeVision.Tests.K8s;

namespace EdgeVision.Tests.Inference.Packages;

/// <summary>
/// The GPU build of the CLI (<c>-p:EdgeVisionOnnxBackend=cuda</c>: ONNX Runtime's CUDA package) on a machine without
/// CUDA 13: it still serves an ONNX package, on the CPU, and says why CUDA could not start, naming the libraries it
/// could not load. The build goes to its own artifacts folder, so the tests' own build is untouched.
/// </summary>
[Trait("Category", "EndToEnd")]
[Trait("Category", TorchvisionExports.Trait)]
[Collection(TorchvisionExports.Collection)]
public sealed class OnnxCudaPackageTests(TorchvisionExports exports) : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public async Task TheCudaBuildServesAnOnnxPackageOnTheCpuWhereCudaIsMissingAndNamesWhatIsMissing()
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        Assert.SkipWhen(OnnxSession.Loads("libcublasLt.so.13"), "CUDA 13 is installed here: the provider may start.");
        var cancellation = TestContext.Current.CancellationToken;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : Tool.Find("dotnet") ?? "dotnet";
        var artifacts = Path.Combine(directory.Path, "artifacts");
        var build = await Tool.RunAsync(
            dotnet,
            ["build", Path.Combine(BenchmarkTestKit.RepositoryRoot(), "Cli", "EdgeVision.Cli.csproj"), "-c", "Debug", "-p:EdgeVisionOnnxBackend=cuda", "--artifacts-path", artifacts],
            BuildTimeout,
            cancellation);
        Assert.True(build.ExitCode == 0, $"The CUDA build failed: {build.StandardOutput}{build.StandardError}");
        var cli = Path.Combine(artifacts, "bin", "EdgeVision.Cli", "debug");
        Assert.True(File.Exists(Path.Combine(cli, "runtimes", "linux-x64", "native", "libonnxruntime_providers_cuda.so")), "The build carries ONNX Runtime's CUDA provider.");

        var model = exports.File("r3d_18", "model.onnx");
        var package = Path.Combine(directory.Path, "r3d_18.evpkg");
        ModelPackage.Write(package, OnnxImport.Describe(model, File.ReadAllLines(exports.File("r3d_18", "labels.txt")), new ImportSettings()), model);
        var log = Path.Combine(directory.Path, "live.jsonl");
        var (exit, output, error) = await EdgeVisionProcess.RunDllAsync(
            Path.Combine(cli, "edgevision.dll"),
            ["live", "--source", "synthetic", "--model", package, "--duration", "3", "--target-latency", "5000", "--max-latency", "20000", "--output-file", log],
            patience: TimeSpan.FromMinutes(3));

        Assert.True(exit == 0, $"live exited {exit}: {output}{error}");
        var all = output + error;
        Assert.Contains("ONNX Runtime's CUDA provider could not start for r3d_18, so it runs on the CPU", all, StringComparison.Ordinal);
        Assert.Contains("libcublasLt.so.13", all[all.IndexOf("this process cannot load:", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var completed = File.ReadLines(log).Where(line => line.Contains("\"status\":\"completed\"", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(completed);
        Assert.All(completed, line => Assert.Contains("\"model\":\"r3d_18\"", line, StringComparison.Ordinal));
    }

    public void Dispose() => directory.Dispose();
}
