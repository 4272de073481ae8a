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
public sealed partial class OnnxSession : IModelSession
{
    private readonly Ort.InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly ModelManifest manifest;
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly Lock gate = new();

    /// <param name="model">The ONNX file's bytes (<see cref="ModelPackage.Open"/>).</param>
    /// <param name="manifest">What the model takes and returns.</param>
    /// <param name="options">Threads (<see cref="InferenceSessionOptions.ThreadCount"/>; 0 is ONNX Runtime's default).</param>
    /// <param name="logger">Logs the start with the threads chosen.</param>
    /// <exception cref="ArgumentException">The file does not have the manifest's input and output.</exception>
    public OnnxSession(byte[] model, ModelManifest manifest, InferenceSessionOptions options, ILogger<OnnxSession> logger)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.manifest = manifest;
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

    public string DeviceName => "cpu";

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

    public float[][] Predict(ReadOnlyMemory<float> frames, FrameBatchShape shape)
    {
        if (shape.Batch < 1 || shape.Sequence < 1 || shape.Height < 1 || shape.Width < 1)
        {
            throw new ArgumentException($"Every dimension of {shape} must be positive.", nameof(shape));
        }

        if (shape.Channels != 3)
        {
            throw new ArgumentException($"The model '{manifest.Name}' takes 3 channels; the batch has {shape.Channels}.", nameof(shape));
        }

        if (manifest.Input.Refuses(shape.Sequence, shape.Height, shape.Width) is { } refusal)
        {
            throw new ArgumentException($"The model '{manifest.Name}' cannot take {refusal}.", nameof(shape));
        }

        var rows = Run(frames, manifest.Input.Dimensions(shape.Batch, shape.Sequence, shape.Height, shape.Width));
        foreach (var row in rows)
        {
            manifest.Output.ToProbabilities(row);
        }

        return rows;
    }

    /// <summary>The model's raw output rows (logits or probabilities, as the manifest says) for an input already in its layout.</summary>
    /// <exception cref="ArgumentException">The values do not fill <paramref name="dimensions"/>, or the output is not one row per clip.</exception>
    public float[][] Run(ReadOnlyMemory<float> values, long[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        var elements = dimensions.Aggregate(1L, (product, d) => product * d);
        if (values.Length != elements)
        {
            throw new ArgumentException($"An input of shape [{string.Join(", ", dimensions)}] holds {elements} values; {values.Length} were given.", nameof(values));
        }

        lock (gate)
        {
            // Over the caller's memory, not a copy: ONNX Runtime reads the pooled batch buffer in place.
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(values), dimensions);
            using var outputs = session.Run(runOptions, inputNames, [input], outputNames);
            var output = outputs[0];
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length != 2 || shape[0] != dimensions[0])
            {
                throw new ArgumentException(
                    $"The model '{manifest.Name}' returned shape [{string.Join(", ", shape)}] for a batch of {dimensions[0]}; it must return (batch, classes).");
            }

            var data = output.GetTensorDataAsSpan<float>();
            var classes = (int)shape[1];
            var rows = new float[dimensions[0]][];
            for (var row = 0; row < rows.Length; row++)
            {
                rows[row] = data.Slice(row * classes, classes).ToArray();
            }

            return rows;
        }
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX Runtime serves {Name} version {Version} on the CPU with {Threads} intra-op threads (0: its default), no spinning")]
    private static partial void LogStarted(ILogger logger, string name, string version, int threads);
}
