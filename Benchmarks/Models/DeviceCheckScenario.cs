using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Pixels;
using EdgeVision.Inference.Runtime;
using EdgeVision.Inference.Training;
using EdgeVision.Silo.Clustering;
using EdgeVision.Synthetic;
using EdgeVision.Inference.Packages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// Runs each shipped checkpoint, and each model package named, through the silo's own inference path on the device
/// under test and on the CPU:
/// <see cref="CudaProbe"/> (the silo's <c>auto</c> device answer), an <see cref="InferenceSession"/> with
/// <c>PreferCuda</c> against one without, the same synthetic clips through both (largest probability difference,
/// top-1 agreement, accuracy of each), then <see cref="InferenceSession.Predict"/> latency per batch size, the two
/// sessions alternating pass by pass. Predict's time includes the copy to the device and the probabilities' copy
/// back, which waits for the GPU, as in the silo. Exit codes: 0 agreed, 1 bad options or disagreement, 2 a missing
/// checkpoint, 3 CUDA asked for but not available.
/// </summary>
public sealed class DeviceCheckScenario : IScenario
{
    private static readonly ILoggerFactory Log = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));

    /// <summary>Largest probability difference between the devices that still counts as the same result: cuDNN runs
    /// float convolutions in TF32 on Ampere and later by default (libtorch's default, so the silo's too).</summary>
    private const double Tolerance = 1e-2;

    public string Name => "inference-device";

    public string Description =>
        "Shipped checkpoints and model packages on CUDA (or --device cpu) vs CPU: CudaProbe, agreement, Predict medians and speed-up.";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        return Task.FromResult(ScenarioArguments.ParseOrExplain(DeviceCheckOptions.Parse, args) is { } options ? Run(options, cancellationToken) : 1);
    }

    private static int Run(DeviceCheckOptions options, CancellationToken cancellationToken)
    {
        torch.set_num_threads(options.Threads);
        var cudaAvailable = CudaProbe.IsAvailable();
        var cudaDevices = cudaAvailable ? torch.cuda.device_count() : 0;
        Console.WriteLine($"TorchSharp {torch.__version__}; CudaProbe.IsAvailable() = {cudaAvailable}; CUDA devices: {cudaDevices}; CPU baseline {torch.get_num_threads()} threads.");
        if (options.Device == DeviceCheckOptions.Cuda && !cudaAvailable)
        {
            Console.Error.WriteLine("--device cuda: libtorch reports no usable CUDA device (CudaProbe.IsAvailable() is false).");
            Console.Error.WriteLine("Is libtorch_cuda.so on LD_LIBRARY_PATH beside libtorch.so (ldd -r libLibTorchSharp.so), and does nvidia-smi list a GPU?");
            return 3;
        }

        var agreement = new List<JsonObject>();
        var timings = new List<JsonObject>();
        var failed = false;
        var checkpoints = options.Models.Select(kind => Path.Combine(options.ModelsDirectory!, $"{kind}.ckpt")).ToArray();
        foreach (var path in checkpoints.Concat(options.Packages))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"No model at {path} (--models-dir, --packages).");
                return 2;
            }

            var kind = Path.GetFileNameWithoutExtension(path);
            using var baseline = Open(path, preferCuda: false, options.Threads);
            using var candidate = Open(path, preferCuda: options.Device == DeviceCheckOptions.Cuda, options.Threads);
            if (!candidate.DeviceName.StartsWith(options.Device, StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"{kind}: asked for {options.Device}, its session chose {candidate.DeviceName} (the log above says why).");
                return 1;
            }

            var clips = baseline switch
            {
                InferenceSession checkpoint => Clips(checkpoint, options.ClipsSeed, options.Batches.Max()),
                PackageSession package => Clips(package, options.ClipsSeed, options.Batches.Max()),
                _ => throw new InvalidOperationException($"No clips for a {baseline.GetType().Name}."),
            };
            var check = DeviceAgreement.Compare(baseline, candidate, clips);
            failed |= check.MaxDifference > Tolerance;
            agreement.Add(check.ToJson(kind, candidate.DeviceName));
            foreach (var batch in options.Batches)
            {
                timings.Add(DeviceAgreement.Time(baseline, candidate, clips, batch, options.Repetitions).ToJson(kind, candidate.DeviceName));
            }
        }

        DeviceCheckReport.Print(agreement, timings, Tolerance);
        if (options.Output is { } output)
        {
            var document = new JsonObject
            {
                ["torchSharp"] = torch.__version__, ["cudaProbe"] = cudaAvailable, ["cudaDevices"] = cudaDevices,
                ["device"] = options.Device, ["cpuThreads"] = options.Threads, ["repetitions"] = options.Repetitions,
                ["tolerance"] = Tolerance, ["agreed"] = !failed,
                ["agreement"] = new JsonArray([.. agreement]), ["timings"] = new JsonArray([.. timings]),
            };
            File.WriteAllText(output, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"Wrote {output}.");
        }

        Console.WriteLine(failed
            ? string.Create(CultureInfo.InvariantCulture, $"FAILED: a probability differs by more than {Tolerance:G3} between the devices.")
            : $"OK: every model gives the same probabilities on {options.Device} and cpu.");
        return failed ? 1 : 0;
    }

    private static IModelSession Open(string path, bool preferCuda, int threads)
    {
        var options = new InferenceSessionOptions { PreferCuda = preferCuda, ThreadCount = threads };
        if (!ModelPackage.IsPackage(path))
        {
            return new InferenceSession(Checkpoint.Load(path).Model, options, NullLogger<InferenceSession>.Instance);
        }

        // Logged to the console: when CUDA was asked for and not chosen, the session's line says why.
        var (manifest, model) = ModelPackage.Open(path);
        return PackageSession.Open(model, manifest, options, Log);
    }

    // Random values at the manifest's shape: the two devices are compared with each other, not with true classes.
    private static LabelledFrames Clips(PackageSession session, int seed, int count)
    {
        var input = session.Manifest.Input;
        var shape = new FrameBatchShape(count, input.Frames, 3, input.Height, input.Width);
        var random = new Random(seed);
        var values = new float[checked((int)shape.Elements)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return new LabelledFrames(values, null, shape);
    }

    private static LabelledFrames Clips(InferenceSession session, int seed, int count)
    {
        var config = session.Model.Config;
        var dataset = new SyntheticDataset(seed, count, config.InputWidth, config.InputHeight, config.SequenceLength);
        var clips = dataset.ToList();
        using var batch = ClipTensors.FromClips(clips, PixelNormalization.ImageNet);
        var shape = new FrameBatchShape(count, config.SequenceLength, config.InputChannels, config.InputHeight, config.InputWidth);
        return new LabelledFrames(batch.data<float>().ToArray(), [.. clips.Select(c => (int)c.Label)], shape);
    }
}
