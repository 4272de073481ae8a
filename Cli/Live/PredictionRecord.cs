namespace EdgeVision.Cli.Live;

/// <summary>
/// One line of the live log (JSONL or CSV): a sequence's prediction, or its drop with the reason. Times are UTC;
/// latencies are milliseconds.
/// </summary>
/// <param name="Status">"completed" or "dropped".</param>
/// <param name="CapturedAt">Capture time of the sequence's last frame, from which <paramref name="LatencyMs"/> runs.</param>
/// <param name="LatencyMs">Capture of the sequence's last frame to the result (or the drop): what the latency budget applies to.</param>
/// <param name="Top">The most likely classes, best first (empty for a drop).</param>
public sealed record PredictionRecord(
    long Sequence,
    long FirstFrame,
    long LastFrame,
    DateTimeOffset CapturedAt,
    DateTimeOffset CompletedAt,
    string Status,
    string? Label,
    double? Confidence,
    IReadOnlyList<LabelScoreRecord> Top,
    double LatencyMs,
    double? InferenceMs,
    double? QueueMs,
    int BatchSize,
    int Width,
    int Height,
    string? ModelVersion,
    string? DropReason);
