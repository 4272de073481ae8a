namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// One process start's resident memory over its life, from the sampler's readings: the median of each minute, and the drift,
/// the median of its last minute against the median of minute <see cref="BaselineMinute"/>. The minutes before it are start-up:
/// the runtime compiles and recompiles the code that runs (tiered compilation), and the GC sizes its heap to the work.
/// </summary>
internal static class RssAnalysis
{
    /// <summary>The minute of a process's life (1-based: minute 3 is from 2 to 3 minutes after its start) that drift is measured from.</summary>
    public const int BaselineMinute = 3;

    private const double MiB = 1024 * 1024;

    /// <summary>The median RSS of each minute of the process's life in MiB (index 0: its first minute; the last one may be partial), null for a minute without readings.</summary>
    public static IReadOnlyList<double?> PerMinute(ProcessLife life, IReadOnlyList<ProcessSample> samples)
    {
        if (samples.Count == 0)
        {
            return [];
        }

        var minutes = new double?[MinuteOf(life, samples[^1]) + 1];
        foreach (var minute in samples.GroupBy(s => MinuteOf(life, s)).Where(g => g.Key >= 0))
        {
            minutes[minute.Key] = Math.Round(SoakAnalysis.Median([.. minute.Select(s => (double)s.RssBytes)])!.Value / MiB, 1);
        }

        return minutes;
    }

    /// <summary>The median RSS after the process's first minute, in MiB; null when it ran no longer.</summary>
    public static double? Median(ProcessLife life, IReadOnlyList<ProcessSample> samples) =>
        SoakAnalysis.Median([.. samples.Where(s => MinuteOf(life, s) >= 1).Select(s => (double)s.RssBytes)]) is { } median ? Math.Round(median / MiB, 1) : null;

    /// <summary>
    /// The median of the last minute's readings against minute <see cref="BaselineMinute"/>'s, in percent; null for a process that
    /// ran under <see cref="BaselineMinute"/> + 1 minutes (its last minute would overlap the baseline).
    /// </summary>
    public static double? Drift(ProcessLife life, IReadOnlyList<ProcessSample> samples)
    {
        if (samples.Count == 0 || samples[^1].At - life.StartedAt < TimeSpan.FromMinutes(BaselineMinute + 1))
        {
            return null;
        }

        var last = samples[^1].At;
        var baseline = SoakAnalysis.Median([.. samples.Where(s => MinuteOf(life, s) == BaselineMinute - 1).Select(s => (double)s.RssBytes)]);
        var final = SoakAnalysis.Median([.. samples.Where(s => last - s.At < TimeSpan.FromMinutes(1)).Select(s => (double)s.RssBytes)]);
        return baseline is > 0 && final is { } f ? Math.Round((f - baseline.Value) / baseline.Value * 100, 2) : null;
    }

    private static int MinuteOf(ProcessLife life, ProcessSample sample) => (int)Math.Floor((sample.At - life.StartedAt).TotalMinutes);
}
