using System.Runtime.InteropServices;
using EdgeVision.Inference.Packages;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace EdgeVision.Inference.Runtime;

/// <summary>
/// Serves an ONNX model of a package on ONNX Runtime: on its CUDA provider when
/// <see cref="InferenceSessionOptions.PreferCuda"/> and the build, the machine's CUDA libraries and a GPU allow, else on
/// its CPU provider, saying why. One video input laid out as the manifest says, a variable batch dimension, logits
/// turned into probabilities by the manifest's activation. Intra-op threads come from
/// <see cref="InferenceSessionOptions.ThreadCount"/>, the setting libtorch uses too, and ONNX Runtime's threads do not
/// spin between passes, so both runtimes in one process share the cores. Calls are serialised.
/// </summary>
public sealed partial class OnnxSession : PackageSession
{
    private const string CudaProvider = "CUDAExecutionProvider";

    // What ONNX Runtime 1.32's CUDA provider loads: the driver, CUDA 13's runtime, cuBLAS and cuRAND, and cuDNN 9.
    private static readonly string[] CudaLibraries =
        ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"];

    private readonly Ort.InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly Lock gate = new();

    /// <param name="model">The ONNX file's bytes (<see cref="ModelPackage.Open"/>).</param>
    /// <param name="manifest">What the model takes and returns.</param>
    /// <param name="options">Threads (<see cref="InferenceSessionOptions.ThreadCount"/>; 0 is ONNX Runtime's default).</param>
    /// <param name="logger">Logs the start with the device and threads chosen, and why CUDA was not, when it was preferred.</param>
    /// <exception cref="ArgumentException">The file does not have the manifest's input and output.</exception>
    public OnnxSession(byte[] model, ModelManifest manifest, InferenceSessionOptions options, ILogger<OnnxSession> logger)
        : base(manifest)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        (session, DeviceName) = Create(model, manifest, options, logger);
        if (!session.InputMetadata.ContainsKey(manifest.Input.Name) || !session.OutputMetadata.ContainsKey(manifest.Output.Name))
        {
            var found = $"inputs {string.Join(", ", session.InputMetadata.Keys)}; outputs {string.Join(", ", session.OutputMetadata.Keys)}";
            session.Dispose();
            throw new ArgumentException($"The model '{manifest.Name}' has no input '{manifest.Input.Name}' or no output '{manifest.Output.Name}' ({found}).", nameof(manifest));
        }

        inputNames = [manifest.Input.Name];
        outputNames = [manifest.Output.Name];
        LogStarted(logger, manifest.Name, manifest.Version, DeviceName, options.ThreadCount);
    }

    /// <summary>"cuda:0" when ONNX Runtime's CUDA provider took the session, else "cpu".</summary>
    public override string DeviceName { get; }

    // CUDA first when preferred and the build has the provider. A failure there (CUDA 13, cuDNN 9 or a GPU missing)
    // falls back to the CPU, unless the CPU cannot load the model either: then the model is at fault, and that error
    // is the one reported.
    private static (Ort.InferenceSession Session, string Device) Create(byte[] model, ModelManifest manifest, InferenceSessionOptions options, ILogger logger)
    {
        Exception? cudaFailure = null;
        if (options.PreferCuda && CudaProviderMissing() is { } absent)
        {
            LogNoCudaProvider(logger, manifest.Name, absent);
        }
        else if (options.PreferCuda)
        {
            try
            {
                using var cudaOptions = Options(options.ThreadCount);
                cudaOptions.AppendExecutionProvider_CUDA(0);
                return (new Ort.InferenceSession(model, cudaOptions), "cuda:0");
            }
            catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                cudaFailure = e;
            }
        }

        using var sessionOptions = Options(options.ThreadCount);
        try
        {
            var session = new Ort.InferenceSession(model, sessionOptions);
            if (cudaFailure is not null)
            {
                var missing = CudaLibraries.Where(library => !Loads(library)).ToArray();
                LogCudaFailed(logger, manifest.Name, cudaFailure.Message, missing.Length == 0 ? "none" : string.Join(", ", missing));
            }

            return (session, "cpu");
        }
        catch (OnnxRuntimeException e)
        {
            throw new ArgumentException($"ONNX Runtime cannot load the model '{manifest.Name}': {e.Message}", nameof(model), e);
        }
    }

    /// <summary>
    /// Why this process's ONNX Runtime cannot offer CUDA at all, or null when its build has the CUDA provider (the
    /// <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c> package; whether CUDA 13 and a GPU are there shows when a session starts).
    /// </summary>
    private static string? CudaProviderMissing()
    {
        var providers = OrtEnv.Instance().GetAvailableProviders();
        return providers.Contains(CudaProvider, StringComparer.Ordinal)
            ? null
            : $"this build's ONNX Runtime has no CUDA provider (providers: {string.Join(", ", providers)}); a build with -p:EdgeVisionOnnxBackend=cuda has it";
    }

    /// <summary>Whether this process can load <paramref name="library"/> (by soname, from the library path).</summary>
    internal static bool Loads(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>ONNX Runtime's settings for a process that may also run libtorch: <paramref name="threads"/> intra-op threads (0: its default), no spinning.</summary>
    public static SessionOptions Options(int threads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
        };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }

        // Spinning workers would hold the cores libtorch and the silo need between forward passes.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    protected override float[][] RunChecked(ReadOnlyMemory<float> values, long[] dimensions)
    {
        lock (gate)
        {
            // Over the caller's memory, not a copy: ONNX Runtime reads the pooled batch buffer in place.
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(values), dimensions);
            using var outputs = session.Run(runOptions, inputNames, [input], outputNames);
            return Rows(outputs[0].GetTensorDataAsSpan<float>(), outputs[0].GetTensorTypeAndShape().Shape, dimensions[0]);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            session.Dispose();
            runOptions.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX Runtime serves {Name} version {Version} on {Device} with {Threads} intra-op threads (0: its default), no spinning")]
    private static partial void LogStarted(ILogger logger, string name, string version, string device, int threads);

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX Runtime serves {Name} on the CPU although CUDA is preferred (Silo:InferenceSession:PreferCuda): {Reason}")]
    private static partial void LogNoCudaProvider(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ONNX Runtime's CUDA provider could not start for {Name}, so it runs on the CPU: {Reason}. It needs a GPU with its driver, CUDA 13 and cuDNN 9 on the library path; of those libraries this process cannot load: {Missing}")]
    private static partial void LogCudaFailed(ILogger logger, string name, string reason, string missing);
}
