namespace EdgeVision.Dashboard.State;

/// <summary>
/// One camera's charts (<c>/api/cameras/{site}/{camera}/timeline</c>): columns of equal length, one entry per bucket of
/// <paramref name="BucketSeconds"/>, oldest first, as a chart library takes them. Times are the Dashboard's receive times.
/// </summary>
/// <param name="TargetLatencyMs">The camera's target from the silo's latest latency report; null before the first.</param>
/// <param name="Time">Each bucket's start, in Unix seconds.</param>
/// <param name="ResultsPerSecond">Results received per second in the bucket (the current one over the time it has run).</param>
/// <param name="EndToEndP50Ms">Median end-to-end latency of the bucket's results; null for a bucket without results.</param>
/// <param name="EndToEndMaxMs">The largest end-to-end latency of the bucket's results.</param>
/// <param name="Accuracy">Top-1 accuracy of the bucket's results that carried a true label; the whole column is null for a camera without ground truth.</param>
/// <param name="Width">The frame width results were produced under, carried forward across buckets without results.</param>
/// <param name="Controls">The control messages received in the window, oldest first.</param>
public sealed record CameraTimelineSnapshot(
    string Site,
    string Camera,
    DateTimeOffset GeneratedAt,
    int WindowSeconds,
    int BucketSeconds,
    double? TargetLatencyMs,
    IReadOnlyList<long> Time,
    IReadOnlyList<double> ResultsPerSecond,
    IReadOnlyList<double?> EndToEndP50Ms,
    IReadOnlyList<double?> EndToEndP95Ms,
    IReadOnlyList<double?> EndToEndMaxMs,
    IReadOnlyList<double?>? Accuracy,
    IReadOnlyList<int?> Width,
    IReadOnlyList<int?> Height,
    IReadOnlyList<int?> FrameSkip,
    IReadOnlyList<int?> BatchSize,
    IReadOnlyList<ControlSnapshot> Controls)
{
    /// <summary>The camera's latest preview (<c>preview.jpg?v=</c> it); null without one.</summary>
    public long? PreviewVersion { get; init; }

    /// <summary>
    /// The camera's maximum latency (beyond it a sequence is dropped as <c>stale</c>) from the silo's latest latency report;
    /// null before the first, or when the report did not carry it.
    /// </summary>
    public double? MaxLatencyMs { get; init; }

    /// <summary>The camera's latest result: the model and version that served it and its top labels; null before the first.</summary>
    public ResultSnapshot? Latest { get; init; }

    /// <summary>
    /// Sequences the silos dropped in each bucket (their drop notices), one column per reason that had any in the window, in the
    /// order of the drop reasons; empty when none did.
    /// </summary>
    public IReadOnlyList<DropSeries> Drops { get; init; } = [];
}
