namespace EdgeVision.Inference.Batching;

/// <summary>One sequence waiting for a forward pass.</summary>
/// <param name="CameraId">"site/camera".</param>
/// <param name="ModelKey">A key of the model catalog, e.g. "conv3d".</param>
/// <param name="Sequence">Frames in the sequence.</param>
/// <param name="Channels">Channels per frame (the model's input channels).</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Pixels">Normalised float32 values laid out (Sequence, Channels, Height, Width), row-major.</param>
/// <param name="CapturedAt">Capture time of the oldest frame: end-to-end latency is measured from here.</param>
/// <param name="Deadline">CapturedAt + the maximum latency: past this the request is dropped as stale.</param>
public sealed record InferenceRequest(
    string CameraId,
    string ModelKey,
    int Sequence,
    int Channels,
    int Height,
    int Width,
    float[] Pixels,
    DateTimeOffset CapturedAt,
    DateTimeOffset Deadline)
{
    /// <summary>
    /// This camera's target end-to-end latency, when it differs from the engine's <c>Inference:TargetLatencyMs</c>
    /// (per-camera configuration); the batcher plans the request's flush time with it.
    /// </summary>
    public TimeSpan? TargetLatency { get; init; }

    /// <summary>The batching group this request belongs to.</summary>
    public BatchKey Key => new(ModelKey, Sequence, Channels, Height, Width);

    /// <summary>Values one sequence of this shape holds.</summary>
    public long Elements => (long)Sequence * Channels * Height * Width;
}
