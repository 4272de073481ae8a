using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>Where every assembled sequence ended up.</summary>
[Description("Every assembled sequence, accounted for: assembled = completed + droppedTotal.")]
public sealed record SequenceCounts(
    [property: Description("Sequences assembled from kept frames and submitted for inference.")] long Assembled,
    [property: Description("Sequences that got a prediction.")] long Completed,
    [property: Description("Sequences dropped after assembly, by reason: by the inference engine (stale, overload, invalid) or, for --cluster, by a silo (its drop notice's reason: stale, overload, invalid, lost, ...), by the edge publisher (offline_queue_full, invalid, and shutdown: still queued when the run stopped it), or neither a result nor a notice after one republish (no_result); every reason is present.")] IReadOnlyDictionary<string, long> Dropped,
    [property: Description("Sum of dropped.")] long DroppedTotal,
    [property: Description("True when assembled = completed + droppedTotal.")] bool Reconciled);
