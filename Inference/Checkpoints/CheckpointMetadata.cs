namespace EdgeVision.Inference.Checkpoints;

/// <summary>Where a checkpoint came from: enough to reproduce it and to judge it before serving it.</summary>
/// <param name="Version">The model version reported with every result (e.g. "1.3.0" or a git describe).</param>
/// <param name="CreatedAt">When the weights were produced.</param>
/// <param name="Seed">The seed training ran with, if any.</param>
/// <param name="TrainingCommand">The command line that trained it, if known.</param>
/// <param name="Epochs">Epochs trained, if known.</param>
/// <param name="Metrics">Evaluation metrics by name (e.g. "top1" = 0.91); empty when none.</param>
/// <param name="AccuracyGrid">Top-1 accuracy at each resolution and frame skip the latency controller may choose
/// (<c>edgevision evaluate --grid</c>); null when not measured, and the cost of each step is then unknown.</param>
public sealed record CheckpointMetadata(
    string Version,
    DateTimeOffset CreatedAt,
    long? Seed = null,
    string? TrainingCommand = null,
    int? Epochs = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    AccuracyGrid? AccuracyGrid = null);
