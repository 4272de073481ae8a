using System.Globalization;

namespace EdgeVision.Cli.Live;

/// <summary>
/// A prediction or drop as one terminal line: sequence, frames, then label and confidence, latency and batch for a
/// prediction, or the drop's reason and how long after capture it came; and the true label when known.
/// </summary>
internal static class PredictionLine
{
    public static string Format(PredictionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var head = string.Create(CultureInfo.InvariantCulture, $"seq {record.Sequence,5}  frames {record.FirstFrame,6}-{record.LastFrame,-6}");
        var line = record.Status == "completed"
            ? string.Create(CultureInfo.InvariantCulture,
                $"{head}  {record.Label,-16} {record.Confidence,6:F3}  latency {record.LatencyMs,7:F1} ms  (batch {record.BatchSize}, {record.Width}x{record.Height})")
            // A drop has no result, so no latency: only how long after capture it was dropped.
            : string.Create(CultureInfo.InvariantCulture, $"{head}  dropped: {record.DropReason,-9}  after {record.LatencyMs,7:F1} ms (no result)");
        return record.TrueLabel is not { } truth ? line
            : record.Status == "completed" ? $"{line}  truth {truth} ({(truth == record.Label ? "right" : "wrong")})"
            : $"{line}  truth {truth}";
    }
}
