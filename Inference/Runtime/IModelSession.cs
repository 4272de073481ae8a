namespace EdgeVision.Inference.Runtime;

/// <summary>
/// One loaded model ready to serve, whatever runs it (TorchSharp for checkpoints and TorchScript, ONNX Runtime for ONNX):
/// the interface the silo's engine, the CLI and the benchmarks call. Calls are serialised; the session owns its model.
/// </summary>
public interface IModelSession : IDisposable
{
    /// <summary>Where the model runs ("cpu", "cuda:0", ...).</summary>
    string DeviceName { get; }

    /// <summary>
    /// Class probabilities, one row per clip, for a batch whose values are laid out as the model's input says
    /// (<see cref="Catalog.ModelDescription.Pixels"/>: frames before or after channels) and whose dimensions
    /// <paramref name="shape"/> names. The batch dimension may be any size.
    /// </summary>
    /// <remarks>
    /// When <paramref name="frames"/> is an array's memory (a pooled batch buffer), the input is read in place; the caller
    /// may reuse or return the array once this returns.
    /// </remarks>
    /// <exception cref="ArgumentException">The buffer length, channel count or a fixed dimension does not match the model.</exception>
    float[][] Predict(ReadOnlyMemory<float> frames, FrameBatchShape shape);
}
