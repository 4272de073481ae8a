using System.Globalization;

namespace EdgeVision.Cli.Reports;

/// <summary>The final report as a few aligned lines for the terminal.</summary>
internal static class ReportText
{
    public static void Write(RunReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Model;
        var s = report.Settings;
        var f = report.Frames;
        var q = report.Sequences;
        var t = report.Throughput;
        var l = report.Latency;
        var r = report.Resources;
        var e = report.Environment;
        output.WriteLine();
        var served = report.Cluster is { } c ? $"served by the silo via {c.Broker} as {c.Site}/{c.Camera}" : m.Checkpoint ?? "untrained: timings only";
        output.WriteLine(Invariant($"{report.Command}{(report.Cluster is null ? "" : " --cluster")}: {m.Kind} {m.Version} ({served}), {s.Width}x{s.Height} x {s.SequenceLength} frames"));
        output.WriteLine(Invariant($"source      {report.Source.Description}: {report.Source.State}{(report.Source.Reason is { } why ? $" ({why})" : "")}"));
        output.WriteLine(Invariant($"ended       {report.StopReason} after {report.DurationSeconds:F1} s"));
        output.WriteLine(Invariant($"frames      {f.In} in = {f.Processed} processed + {f.DroppedTotal} dropped + {f.Unassembled} unassembled  [{(f.Reconciled ? "reconciled" : "DOES NOT RECONCILE")}]"));
        output.WriteLine($"  dropped   {string.Join(", ", f.Dropped.Select(d => Invariant($"{d.Key} {d.Value}")))}");
        var sequenceDrops = string.Join(", ", q.Dropped.Where(d => d.Value > 0).Select(d => Invariant($"{d.Key} {d.Value}")));
        output.WriteLine(Invariant($"sequences   {q.Assembled} assembled = {q.Completed} completed + {q.DroppedTotal} dropped{(sequenceDrops.Length > 0 ? $" ({sequenceDrops})" : "")}  [{(q.Reconciled ? "reconciled" : "DOES NOT RECONCILE")}]"));
        output.WriteLine(report.Accuracy is { } a
            ? Invariant($"accuracy    top-1 {a.Top1:P1} over {a.Sequences} sequence{(a.Sequences == 1 ? "" : "s")} with a true label ({a.Correct} right)")
            : "accuracy    unknown: no completed sequence carried a true label (only synthetic sources carry ground truth)");
        output.WriteLine(Invariant($"throughput  {t.FramesInPerSecond:F1} frames/s in, {t.FramesProcessedPerSecond:F1} frames/s processed, {t.SequencesPerSecond:F2} sequences/s, {t.ForwardPassesPerSecond:F2} forward passes/s"));
        output.WriteLine($"latency     end-to-end  {Stats(l.EndToEnd)}   (target {Ms(s.TargetLatencyMs)}, max {Ms(s.MaxLatencyMs)})");
        output.WriteLine($"            first frame {Stats(l.SinceFirstFrame)}");
        output.WriteLine($"            queue wait  {Stats(l.QueueWait)}");
        output.WriteLine($"            inference   {Stats(l.Inference)}");
        var sizes = report.Batches.BySize.Count == 0 ? "none" : string.Join(", ", report.Batches.BySize.Select(b => Invariant($"{b.ForwardPasses} x {b.Size}")));
        output.WriteLine(Invariant($"batches     {sizes} (passes x size; mean {report.Batches.MeanBatchSize:F2}, max allowed {report.Batches.MaxBatchSize})"));
        output.WriteLine(report.AdaptiveChanges.Count == 0
            ? "adaptive    no changes"
            : Invariant($"adaptive    {report.AdaptiveChanges.Count} change{(report.AdaptiveChanges.Count == 1 ? "" : "s")}, last at {report.AdaptiveChanges[^1].AtSeconds:F1} s: batch {report.AdaptiveChanges[^1].BatchSize}, skip {report.AdaptiveChanges[^1].FrameSkip}, {report.AdaptiveChanges[^1].Width}x{report.AdaptiveChanges[^1].Height}{Live.AdaptiveLine.Expected(report.AdaptiveChanges[^1])} ({report.AdaptiveChanges[^1].Reason})"));
        if (report.Cluster is { } cluster)
        {
            WriteCluster(cluster, output);
        }

        output.WriteLine(Invariant($"resources   {r.CpuSeconds:F1} s CPU: mean {r.MeanCpuPercent:F0}% of one core ({r.MeanMachineCpuPercent:F0}% of {e.LogicalCores} cores), peak {r.PeakCpuPercent:F0}%; RSS mean {Mib(r.MeanRssBytes)}, peak {Mib(r.PeakRssBytes)}"));
        output.WriteLine(Invariant($"environment {e.CpuModel}, {e.LogicalCores} cores, {e.TorchThreads} torch threads, {e.Device}; {e.Runtime}, TorchSharp {e.TorchSharp}, OpenCV {e.OpenCv}"));
    }

    private static void WriteCluster(ClusterReport cluster, TextWriter output)
    {
        var republishDropped = cluster.RepublishDropped > 0 ? Invariant($" + {cluster.RepublishDropped} republish dropped") : "";
        output.WriteLine(Invariant($"cluster     {cluster.Published} published to {cluster.SequencesTopic} = {cluster.ResultsMatched} results + {cluster.SiloDroppedTotal} silo drops + {cluster.NoResult} no_result{republishDropped}  [{(cluster.Reconciled ? "reconciled" : "DOES NOT RECONCILE")}]"));
        output.WriteLine(Invariant($"            silo drops {ByReason(cluster.SiloDropped)}; {cluster.Republished} republished; publisher drops {ByReason(cluster.PublisherDropped)}"));
        output.WriteLine(Invariant($"            outcomes from {cluster.ResultsTopic} and {cluster.DropsTopic} ({cluster.Unmatched} unmatched, {cluster.Rejected} rejected)"));
        output.WriteLine(Invariant($"            control {cluster.ControlApplied} applied, {cluster.ControlRejected} rejected; models {(cluster.Models.Count == 0 ? "none seen" : string.Join(", ", cluster.Models))}"));
        if (cluster.SiloMetricsDropped is { } metrics)
        {
            var agrees = metrics.Where(d => d.Value != 0).OrderBy(d => d.Key, StringComparer.Ordinal)
                .SequenceEqual(cluster.SiloDropped.Where(d => d.Value != 0).OrderBy(d => d.Key, StringComparer.Ordinal));
            output.WriteLine($"            silo metrics of this camera: {ByReason(metrics)} ({(agrees ? "as the drop notices say" : "the drop notices say " + ByReason(cluster.SiloDropped))})");
        }
    }

    private static string ByReason(IReadOnlyDictionary<string, long> counts) =>
        counts.Any(d => d.Value != 0) ? string.Join(", ", counts.Where(d => d.Value != 0).Select(d => Invariant($"{d.Key} {d.Value}"))) : "none";

    private static string Stats(LatencyStats stats) => stats.Count == 0
        ? "no samples"
        : Invariant($"mean {stats.Mean,7:F1}  p50 {stats.P50,7:F1}  p95 {stats.P95,7:F1}  p99 {stats.P99,7:F1}  max {stats.Max,7:F1} ms");

    private static string Ms(double value) => Invariant($"{value:0.#} ms");

    private static string Mib(long bytes) => Invariant($"{bytes / 1048576.0:F0} MiB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
