using System.Globalization;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// Turns what the soak observed into its figures. A sequence is accounted when the wire shows its result or a silo's drop
/// notice, or when its edge counted it as <c>no_result</c>; the edges' <c>no_result</c> counts are per edge process (a
/// count, not a list), so they are matched by number against that process's sequences without a wire outcome.
/// </summary>
internal sealed class SoakAnalysis(DateTimeOffset runStart, DateTimeOffset runEnd, TimeSpan settle, IReadOnlyList<SoakEdge> edges)
{
    /// <summary>A fault's window extends this far past its end before a gap in results counts against the system.</summary>
    public static readonly TimeSpan ResumeGoal = TimeSpan.FromSeconds(20);

    public DateTimeOffset Cutoff => runEnd - settle;

    public (long Judged, long Unaccounted, Dictionary<string, long> UnaccountedBy, Dictionary<string, long> Multiple, Dictionary<string, long> Outcomes, List<KilledEdge> Killed) Account(
        IReadOnlyList<SequenceRecord> sequences, IReadOnlyDictionary<ProcessLife, EdgeTally> tallies, IReadOnlyList<ProcessLife> lives)
    {
        var judged = sequences.Where(s => s.SeenAt <= Cutoff).ToList();
        var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
        long unaccounted = 0;
        var unaccountedBy = new Dictionary<string, long>(StringComparer.Ordinal);
        var multiple = judged.Where(s => s.Outcomes > 1)
            .GroupBy(s => string.Join('+', Enumerable.Repeat("result", s.Results).Concat(s.Drops.Order(StringComparer.Ordinal))), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        List<KilledEdge> killed = [];
        foreach (var record in judged.Where(s => s.Outcomes > 0))
        {
            var outcome = record.Results > 0 ? "result" : record.Drops[0];
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        foreach (var group in judged.Where(s => s.Outcomes == 0).GroupBy(s => (s.Camera, s.Incarnation)))
        {
            var life = lives.FirstOrDefault(l => l.Role == "edge-" + group.Key.Camera && l.Incarnation == group.Key.Incarnation);
            var noResult = life is not null && tallies.TryGetValue(life, out var tally) ? (long)tally.NoResult : 0;
            var settled = Math.Min(noResult, group.Count());
            outcomes["no_result"] = outcomes.GetValueOrDefault("no_result") + settled;
            unaccounted += group.Count() - settled;
            if (group.Count() > settled)
            {
                unaccountedBy[$"edge-{group.Key.Camera}#{group.Key.Incarnation}"] = group.Count() - settled;
            }
        }

        foreach (var life in lives.Where(l => l.Role.StartsWith("edge-", StringComparison.Ordinal) && l.EndedBy == "sigkill" && l.EndedAt < runEnd))
        {
            tallies.TryGetValue(life, out var tally);
            var camera = life.Role["edge-".Length..];
            var without = judged.Count(s => s.Camera == camera && s.Incarnation == life.Incarnation && s.Outcomes == 0);
            killed.Add(new KilledEdge(life.Name, tally?.Outstanding ?? double.NaN, tally?.NoResult ?? double.NaN, without));
        }

        return (judged.Count, unaccounted, unaccountedBy, multiple, outcomes, killed);
    }

    /// <summary>The first judged sequences with more than one outcome, each outcome as "kind arrived at s (produced at s[, by silo])".</summary>
    public IReadOnlyList<MultipleOutcomeSample> MultipleSamples(IReadOnlyList<SequenceRecord> sequences) =>
        [.. sequences.Where(s => s.SeenAt <= Cutoff && s.Outcomes > 1).OrderBy(s => s.SeenAt).Take(20).Select(s => new MultipleOutcomeSample(
            s.Camera, s.Incarnation, s.SequenceNumber, Math.Round(Seconds(s.SeenAt), 1),
            [.. s.Arrivals.Select(a => string.Create(CultureInfo.InvariantCulture,
                $"{a.Kind} arrived at {Seconds(a.ArrivedAt):0.0} s (produced at {Seconds(a.ProducedAt):0.0} s{(a.Silo is null ? "" : ", by " + a.Silo)})"))]))];

    /// <summary>Per fault: from its end until every camera had a result for a sequence captured after that end.</summary>
    public FaultReport Resumed(FaultRecord fault, IReadOnlyList<ObservedResult> results)
    {
        double? worst = 0;
        List<string> missing = [];
        foreach (var edge in edges)
        {
            var first = results.Where(r => r.Camera == edge.Camera && r.FirstCapture >= fault.End).Select(r => (DateTimeOffset?)r.ArrivedAt).Min();
            if (first is { } arrived)
            {
                worst = Math.Max(worst ?? 0, (arrived - fault.End).TotalSeconds);
            }
            else
            {
                missing.Add(edge.Camera);
            }
        }

        return new FaultReport(fault.Kind, fault.Target, Seconds(fault.Start), (fault.End - fault.Start).TotalSeconds,
            missing.Count == 0 ? Math.Round(worst ?? 0, 2) : null, missing.Count == 0 ? null : "no result after it for " + string.Join(", ", missing), fault.Detail);
    }

    /// <summary>The longest gap between two results of one camera that lies outside every fault window.</summary>
    public (double? Seconds, string? Where) LongestGap(IReadOnlyList<ObservedResult> results, IReadOnlyList<FaultRecord> faults)
    {
        double? longest = null;
        string? where = null;
        foreach (var camera in results.GroupBy(r => r.Camera))
        {
            var times = camera.Select(r => r.ArrivedAt).Where(t => t <= Cutoff).Order().ToList();
            for (var i = 1; i < times.Count; i++)
            {
                var (from, to) = (times[i - 1], times[i]);
                if (faults.Any(f => from < f.End + ResumeGoal && to > f.Start))
                {
                    continue;
                }

                var gap = (to - from).TotalSeconds;
                if (gap > (longest ?? 0))
                {
                    longest = Math.Round(gap, 2);
                    where = $"{camera.Key} at {Seconds(from):0.0} s";
                }
            }
        }

        return (longest, where);
    }

    /// <summary>
    /// For a slow-model phase: which cameras' results left their nominal settings (the most common ones before the first
    /// fault), and how long after the phase's end until every camera's results were nominal again.
    /// </summary>
    public ControllerPhase Controller(FaultRecord phase, IReadOnlyList<ObservedResult> results, DateTimeOffset firstFault)
    {
        List<string> degraded = [];
        List<string> notRestored = [];
        double? worst = 0;
        foreach (var camera in results.GroupBy(r => r.Camera))
        {
            var nominal = Nominal(camera.Where(r => r.FirstCapture < firstFault));
            if (nominal is null)
            {
                continue;
            }

            if (camera.Any(r => r.FirstCapture >= phase.Start && r.FirstCapture <= phase.End + TimeSpan.FromSeconds(10) && Knobs(r.Settings) != nominal))
            {
                degraded.Add(camera.Key);
            }

            var back = camera.Where(r => r.FirstCapture >= phase.End && Knobs(r.Settings) == nominal).Select(r => (DateTimeOffset?)r.ArrivedAt).Min();
            if (back is { } at)
            {
                worst = Math.Max(worst ?? 0, (at - phase.End).TotalSeconds);
            }
            else
            {
                notRestored.Add(camera.Key);
            }
        }

        var slow = results.Where(r => r.FirstCapture >= phase.Start + TimeSpan.FromSeconds(2) && r.FirstCapture < phase.End).Select(r => r.InferenceLatencyMs).ToList();
        return new ControllerPhase(Seconds(phase.Start), Seconds(phase.End), degraded, notRestored.Count == 0 ? Math.Round(worst ?? 0, 2) : null,
            notRestored.Count == 0 ? null : "not nominal again: " + string.Join(", ", notRestored), Median(slow) ?? double.NaN);
    }

    public double Seconds(DateTimeOffset at) => Math.Round((at - runStart).TotalSeconds, 1);

    /// <summary>RSS drift of one process start: last minute's median against its second minute's, in percent; null under three minutes.</summary>
    public static (double? Drift, double? Median) Rss(ProcessLife life, IReadOnlyList<ProcessSample> samples)
    {
        var settled = samples.Where(s => s.At - life.StartedAt >= TimeSpan.FromMinutes(1)).ToList();
        var median = Median(settled.Select(s => (double)s.RssBytes).ToList()) is { } m ? Math.Round(m / (1024 * 1024), 1) : (double?)null;
        if (samples.Count == 0 || samples[^1].At - life.StartedAt < TimeSpan.FromMinutes(3))
        {
            return (null, median);
        }

        var last = samples[^1].At;
        var second = Median(samples.Where(s => s.At - life.StartedAt >= TimeSpan.FromMinutes(1) && s.At - life.StartedAt < TimeSpan.FromMinutes(2)).Select(s => (double)s.RssBytes).ToList());
        var final = Median(samples.Where(s => last - s.At < TimeSpan.FromMinutes(1)).Select(s => (double)s.RssBytes).ToList());
        return second is > 0 && final is { } f ? (Math.Round((f - second.Value) / second.Value * 100, 2), median) : (null, median);
    }

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static (int, int, int, double) Knobs(AdaptiveState state) => (state.Width, state.Height, state.FrameSkip, state.TargetFps);

    private static (int, int, int, double)? Nominal(IEnumerable<ObservedResult> before) =>
        before.GroupBy(r => Knobs(r.Settings)).OrderByDescending(g => g.Count()).Select(g => ((int, int, int, double)?)g.Key).FirstOrDefault();
}
