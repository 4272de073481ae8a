using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>Where every frame the source delivered ended up.</summary>
[Description("Every frame the source delivered, accounted for: in = processed + droppedTotal + unassembled.")]
public sealed record FrameCounts(
    [property: Description("Frames the source delivered.")] long In,
    [property: Description("Frames inside sequences that got a prediction.")] long Processed,
    [property: Description("Frames dropped, by reason (source_overrun, fps_limit, frame_skip, offline_queue_full, stale, overload, invalid, no_result, shutdown, lost); every reason is present. A dropped sequence counts each of its frames under the sequence's reason.")] IReadOnlyDictionary<string, long> Dropped,
    [property: Description("Sum of dropped.")] long DroppedTotal,
    [property: Description("Frames kept after the last complete sequence when the source ended: too few to fill one more sequence.")] long Unassembled,
    [property: Description("True when in = processed + droppedTotal + unassembled.")] bool Reconciled);
