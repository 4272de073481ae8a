using System.Globalization;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// One measured run of the distributed path. Rates are over the measurement window (after the warm-up); the drop and
/// accounting figures are over the whole run, after the cameras stopped and the silo drained.
/// </summary>
/// <param name="OfferedRate">Nominal offered sequences/s (all cameras, before any frame skipping).</param>
/// <param name="AssembledRate">Sequences/s the edges actually assembled in the window (after frame skipping).</param>
/// <param name="ResultRate">Results/s that arrived on the results topics in the window.</param>
/// <param name="Goodput">Results/s that arrived within the maximum latency.</param>
/// <param name="Latencies">Capture of the last frame to arrival of the result, ms, sorted, in the window.</param>
/// <param name="MeanBatch">Mean forward-pass batch size of the results in the window.</param>
/// <param name="Drops">Every drop by reason: edge frames (fps_limit, frame_skip, source_overrun), edge sequences, silo sequences.</param>
/// <param name="Unaccounted">Published sequences with neither a result nor a counted silo drop after draining.</param>
/// <param name="CpuMsPerResult">Process CPU time in the window divided by the results in it.</param>
/// <param name="EdgeSettings">The edges' frame skip and size at the end (distinct values).</param>
/// <param name="ResultSizes">Share of the window's results by the frame width they were inferred at, e.g. "64: 70 %, 48: 30 %".</param>
/// <param name="ForwardP50Ms">Median forward-pass time (of the whole batch) of the window's results, ms.</param>
/// <param name="WindowSiloDrops">Sequences the silo dropped as stale or overload during the measurement window (not the warm-up's).</param>
/// <param name="DeliveredTop1">Top-1 accuracy of the window's results against their true labels (the synthetic scenes carry them); null without any.</param>
/// <param name="Judged">The window's results that carried a true label.</param>
internal sealed record RunResult(
    SiloMode Mode,
    double OfferedRate,
    double AssembledRate,
    double ResultRate,
    double Goodput,
    double[] Latencies,
    double MeanBatch,
    IReadOnlyDictionary<string, long> Drops,
    long Published,
    long Results,
    long Unaccounted,
    double CpuMsPerResult,
    string EdgeSettings,
    double LoadAverage,
    string ResultSizes,
    double ForwardP50Ms,
    long WindowSiloDrops,
    double? DeliveredTop1 = null,
    int Judged = 0)
{
    /// <summary>The delivered accuracy as a percentage, or "-" without true labels.</summary>
    public string Top1Text => DeliveredTop1 is { } top1 ? FormattableString.Invariant($"{top1 * 100:0.0} %") : "-";

    public double P50 => Percentile(50);

    public double P99 => Percentile(99);

    public double Percentile(double p) => Latencies.Length == 0 ? double.NaN : EdgeVision.Inference.Monitoring.Percentiles.Of(Latencies, p);

    public string DropText => Drops.Count == 0 ? "none" : string.Join(", ", Drops.Where(d => d.Value > 0).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key} {d.Value}"));

    public string Line() => FormattableString.Invariant(
        $"{Mode.Name} @ {OfferedRate:0.##}/s offered: assembled {AssembledRate:0.00}/s, results {ResultRate:0.00}/s, goodput {Goodput:0.00}/s, p50 {P50:0} ms, p99 {P99:0} ms, mean batch {MeanBatch:0.00}, forward p50 {ForwardP50Ms:0} ms, sizes [{ResultSizes}], CPU {CpuMsPerResult:0} ms/result, published {Published}, results {Results}, unaccounted {Unaccounted}, drops [{DropText}], in window {WindowSiloDrops}, top-1 delivered {Top1Text} of {Judged}, edges [{EdgeSettings}], load {LoadAverage:0.0}");

    public static string Key(DropReason reason, string where) => $"{where}:{DropReasons.Tag(reason)}";

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The 1-minute load average over the runs, "min-max".</summary>
    public static string LoadRange(IEnumerable<RunResult> runs)
    {
        var loads = runs.Select(r => r.LoadAverage).ToArray();
        return loads.Length == 0 ? "-" : FormattableString.Invariant($"{loads.Min():0.0}-{loads.Max():0.0}");
    }

    public static string Each(IEnumerable<double> values, string format = "0.0") =>
        string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
}
