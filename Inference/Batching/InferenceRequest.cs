using EdgeVision.Inference.Pixels;

namespace EdgeVision.Inference.Batching;

/// <summary>One sequence waiting for a forward pass.</summary>
/// <param name="CameraId">"site/camera".</param>
/// <param name="ModelKey">A key of the model catalog, e.g. "conv3d".</param>
/// <param name="Frames">
/// The sequence's 8-bit frames and their normalisation; the engine writes them into its batch buffer as model input
/// (frame, channel, y, x) and releases them.
/// </param>
/// <param name="CapturedAt">Capture time of the oldest frame: end-to-end latency is measured from here.</param>
/// <param name="Deadline">CapturedAt + the maximum latency: past this the request is dropped as stale.</param>
public sealed record InferenceRequest(
    string CameraId,
    string ModelKey,
    SequenceFrames Frames,
    DateTimeOffset CapturedAt,
    DateTimeOffset Deadline)
{
    /// <summary>
    /// This camera's target end-to-end latency, when it differs from the engine's <c>Silo:Inference:TargetLatencyMs</c>
    /// (per-camera configuration); the batcher plans the request's flush time with it.
    /// </summary>
    public TimeSpan? TargetLatency { get; init; }

    /// <summary>Frames in the sequence.</summary>
    public int Sequence => Frames.Count;

    /// <summary>Channels per frame of the model input.</summary>
    public int Channels => SequenceFrames.Channels;

    public int Height => Frames.Height;

    public int Width => Frames.Width;

    /// <summary>The batching group this request belongs to.</summary>
    public BatchKey Key => new(ModelKey, Sequence, Channels, Height, Width);

    /// <summary>Values one sequence of this shape holds.</summary>
    public long Elements => Frames.Elements;
}
