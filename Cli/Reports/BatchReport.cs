using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>The batch sizes the engine actually ran.</summary>
[Description("Batch sizes the engine actually ran (completed sequences only).")]
public sealed record BatchReport(
    [property: Description("The largest batch allowed (--batch-size; 1 with --no-batching); for --cluster the largest batch the silo's results report.")] int MaxBatchSize,
    [property: Description("Forward passes by batch size, ascending (for --cluster: estimated from the results' batch sizes as if no other camera shared the passes).")] IReadOnlyList<BatchSizeUsage> BySize,
    [property: Description("Mean sequences per forward pass.")] double MeanBatchSize);
