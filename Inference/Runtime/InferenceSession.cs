using System.Runtime.InteropServices;
using EdgeVision.Inference.Models;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Runtime;

/// <summary>
/// Runs one model for inference with the discipline STYLE.md asks for: eval mode, <c>inference_mode</c>, a
/// dispose scope per batch, plain arrays in and out, so no tensor outlives a call. The device is chosen once
/// (CUDA when available and preferred, else CPU) and logged. Calls are serialised; the session owns the model.
/// </summary>
public sealed partial class InferenceSession : IModelSession
{
    private readonly IVideoModel model;
    private readonly Device device;
    private readonly Lock gate = new();

    public InferenceSession(IVideoModel model, InferenceSessionOptions options, ILogger<InferenceSession> logger)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        this.model = model;
        var arenas = NativeHeap.Arenas;
        HeapTuning = $"{NativeHeap.RetainFreedBlocks(options.HeapRetainBytes)}; {arenas.Description}";
        if (options.ThreadCount > 0)
        {
            torch.set_num_threads(options.ThreadCount);
        }

        device = TorchDevice.Choose(options.PreferCuda, model.Kind, logger);
        model.Module.to(device);
        model.Module.eval();
        DeviceName = device.ToString();
        LogStarted(logger, model.Kind, DeviceName, torch.get_num_threads(), ParameterCount(model), HeapTuning);
        if (device.type == DeviceType.CPU && !arenas.OneArena && !arenas.Intended)
        {
            LogManyArenas(logger, arenas.Description);
        }
    }

    /// <summary>What the process's native heap tuning did and how glibc's arenas serve it (the first session's options decide the thresholds; see <see cref="NativeHeap"/>).</summary>
    public string HeapTuning { get; }

    /// <summary>Where the model runs ("cpu", "cuda:0", ...).</summary>
    public string DeviceName { get; }

    public IVideoModel Model => model;

    /// <summary>Class probabilities, one row per sequence, for frames laid out as <paramref name="shape"/>.</summary>
    /// <remarks>
    /// When <paramref name="frames"/> is an array's memory (a pooled batch buffer), the input tensor is built over that
    /// array without copying it; it is disposed before this returns, so the caller may reuse or return the array then.
    /// </remarks>
    /// <exception cref="ArgumentException">The buffer length or channel count does not match.</exception>
    public float[][] Predict(ReadOnlyMemory<float> frames, FrameBatchShape shape)
    {
        if (shape.Batch < 1 || shape.Sequence < 1 || shape.Height < 1 || shape.Width < 1)
        {
            throw new ArgumentException($"Every dimension of {shape} must be positive.", nameof(shape));
        }

        if (shape.Channels != model.Config.InputChannels)
        {
            throw new ArgumentException($"The model takes {model.Config.InputChannels} channels; the batch has {shape.Channels}.", nameof(shape));
        }

        if (frames.Length != shape.Elements)
        {
            throw new ArgumentException($"A batch of shape {shape} holds {shape.Elements} values; {frames.Length} were given.", nameof(frames));
        }

        lock (gate)
        {
            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            var input = Input(frames).reshape(shape.Dimensions).to(device);
            var probabilities = model.Probabilities(input).cpu().data<float>().ToArray();
            var classes = probabilities.Length / shape.Batch;
            return Enumerable.Range(0, shape.Batch).Select(row => probabilities.AsSpan(row * classes, classes).ToArray()).ToArray();
        }
    }

    public void Dispose() => model.Dispose();

    // A 1-D tensor over the values: over the array behind them when there is one (from_array pins it and does not
    // copy, unlike tensor(float[]), which clones), else over a copy.
    private static Tensor Input(ReadOnlyMemory<float> frames) =>
        MemoryMarshal.TryGetArray(frames, out var segment) && segment.Array is { } array
            ? from_array(array).narrow(0, segment.Offset, segment.Count)
            : tensor(frames.ToArray());

    internal static long ParameterCount(IVideoModel model) => model.Module.parameters().Sum(p => p.numel());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference on the CPU runs several times slower in this process: {Arenas}. Call NativeHeap.UseOneArena() first in Main, or start the process with MALLOC_ARENA_MAX=1")]
    private static partial void LogManyArenas(ILogger logger, string arenas);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference session for {Kind} on {Device} with {Threads} threads ({Parameters} parameters); {HeapTuning}")]
    private static partial void LogStarted(ILogger logger, string kind, string device, int threads, long parameters, string heapTuning);
}
