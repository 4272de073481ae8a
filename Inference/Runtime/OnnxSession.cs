using System.Runtime.InteropServices;
using EdgeVision.Inference.Packages;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace EdgeVision.Inference.Runtime;

/// <summary>
/// Serves an ONNX model of a package on ONNX Runtime's CPU provider: one video input laid out as the manifest says, a
/// variable batch dimension, logits turned into probabilities by the manifest's activation. Intra-op threads come from
/// <see cref="InferenceSessionOptions.ThreadCount"/>, the setting libtorch uses too, and ONNX Runtime's threads do not
/// spin between passes, so both runtimes in one process share the cores. Calls are serialised.
/// </summary>
public sealed partial class OnnxSession : PackageSession
{
    private readonly Ort.InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly Lock gate = new();

    /// <param name="model">The ONNX file's bytes (<see cref="ModelPackage.Open"/>).</param>
    /// <param name="manifest">What the model takes and returns.</param>
    /// <param name="options">Threads (<see cref="InferenceSessionOptions.ThreadCount"/>; 0 is ONNX Runtime's default).</param>
    /// <param name="logger">Logs the start with the threads chosen.</param>
    /// <exception cref="ArgumentException">The file does not have the manifest's input and output.</exception>
    public OnnxSession(byte[] model, ModelManifest manifest, InferenceSessionOptions options, ILogger<OnnxSession> logger)
        : base(manifest)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        using var sessionOptions = Options(options.ThreadCount);
        try
        {
            session = new Ort.InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ArgumentException($"ONNX Runtime cannot load the model '{manifest.Name}': {e.Message}", nameof(model), e);
        }

        if (!session.InputMetadata.ContainsKey(manifest.Input.Name) || !session.OutputMetadata.ContainsKey(manifest.Output.Name))
        {
            var found = $"inputs {string.Join(", ", session.InputMetadata.Keys)}; outputs {string.Join(", ", session.OutputMetadata.Keys)}";
            session.Dispose();
            throw new ArgumentException($"The model '{manifest.Name}' has no input '{manifest.Input.Name}' or no output '{manifest.Output.Name}' ({found}).", nameof(manifest));
        }

        inputNames = [manifest.Input.Name];
        outputNames = [manifest.Output.Name];
        LogStarted(logger, manifest.Name, manifest.Version, options.ThreadCount);
    }

    public override string DeviceName => "cpu";

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

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX Runtime serves {Name} version {Version} on the CPU with {Threads} intra-op threads (0: its default), no spinning")]
    private static partial void LogStarted(ILogger logger, string name, string version, int threads);
}
