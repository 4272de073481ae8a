namespace EdgeVision.Cli.Live;

/// <summary>
/// One line of the live log (JSONL or CSV): a sequence's prediction, or its drop with the reason. Times are UTC;
/// latencies are milliseconds.
/// </summary>
/// <param name="Status">"completed" or "dropped".</param>
/// <param name="CapturedAt">Capture time of the sequence's last frame, from which <paramref name="LatencyMs"/> runs.</param>
/// <param name="LatencyMs">Capture of the sequence's last frame to the result (or the drop): what the latency budget applies to.</param>
/// <param name="TrueLabel">
/// The sequence's true class when its source carried ground truth (the synthetic scenes): the label of most of its frames,
/// a tie going to the later one; null otherwise. With <c>--cluster</c>, the one the silo's result reports.
/// </param>
/// <param name="Top">The most likely classes, best first (empty for a drop).</param>
/// <param name="Model">The name of the model that produced the result (the catalog's key); null for a drop.</param>
/// <param name="ModelVersion">That model's version; null for a drop.</param>
public sealed record PredictionRecord(
    long Sequence,
    long FirstFrame,
    long LastFrame,
    DateTimeOffset CapturedAt,
    DateTimeOffset CompletedAt,
    string Status,
    string? Label,
    string? TrueLabel,
    double? Confidence,
    IReadOnlyList<LabelScoreRecord> Top,
    double LatencyMs,
    double? InferenceMs,
    double? QueueMs,
    int BatchSize,
    int Width,
    int Height,
    string? Model,
    string? ModelVersion,
    string? DropReason);
