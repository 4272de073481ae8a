using System.Globalization;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Inference.Control;

/// <summary>
/// Which knob can shrink the part of the latency that breaks the budget. Pure: samples in, verdicts out.
/// <list type="bullet">
/// <item>Resolution shrinks the forward pass, decoding (JPEG decode, resize and normalisation all work per pixel) and the
/// queue wait those cause.</item>
/// <item>Batch size trades forward time for throughput: it shrinks the queue wait, nothing else.</item>
/// <item>Frame skip sheds load: the queue wait, the silo's ingestion, and the CPU contention that shows as decoding and
/// forward passes slower than their fastest (<see cref="PartFloors"/>); not a sequence's own cost.</item>
/// </list>
/// A knob can help only when what would remain without its parts (p95 over the judged results) is within the target.
/// Results without a breakdown count as wholly shrinkable, so producers that do not measure the parts are judged as before.
/// </summary>
internal static class LatencyAttribution
{
    /// <summary>The parts <paramref name="knob"/> can shrink, for naming the cause when it acts.</summary>
    public static IReadOnlyList<LatencyPart> PartsOf(AdaptiveKnob knob) => knob switch
    {
        AdaptiveKnob.BatchSize => [LatencyPart.Queue],
        AdaptiveKnob.Resolution => [LatencyPart.Forward, LatencyPart.Decode, LatencyPart.Queue],
        AdaptiveKnob.FrameSkip => [LatencyPart.Queue, LatencyPart.Ingest, LatencyPart.Forward, LatencyPart.Decode],
        _ => throw new ArgumentOutOfRangeException(nameof(knob), knob, "Unknown knob."),
    };

    /// <summary>The time in <paramref name="parts"/> that <paramref name="knob"/> can shrink, in ms.</summary>
    public static double Shrinkable(AdaptiveKnob knob, LatencyBreakdown parts, PartFloors floors) => knob switch
    {
        AdaptiveKnob.BatchSize => parts.QueueMs,
        AdaptiveKnob.Resolution => parts.ForwardMs + parts.DecodeMs + parts.QueueMs,
        AdaptiveKnob.FrameSkip => parts.QueueMs + parts.IngestMs + floors.ForwardContention(parts.ForwardMs) + floors.DecodeContention(parts.DecodeMs),
        _ => throw new ArgumentOutOfRangeException(nameof(knob), knob, "Unknown knob."),
    };

    /// <summary>
    /// Whether removing <paramref name="knob"/>'s parts from every sample would bring their p95 within
    /// <paramref name="targetMs"/>: the knob's share is then what breaks the budget.
    /// </summary>
    public static bool CanReachTarget(AdaptiveKnob knob, IReadOnlyList<LatencySample> samples, double targetMs, PartFloors floors)
    {
        var remainders = samples.Select(s => s.Parts is { } parts ? s.Ms - Shrinkable(knob, parts, floors) : 0).ToArray();
        Array.Sort(remainders);
        return Percentiles.Of(remainders, 95) <= targetMs;
    }

    /// <summary>Each part's mean over the samples above <paramref name="targetMs"/> (over all of them when none is); null without breakdowns.</summary>
    public static LatencyBreakdown? Tail(IReadOnlyList<LatencySample> samples, double targetMs)
    {
        var attributed = samples.Where(s => s.Parts is not null).ToArray();
        var late = attributed.Where(s => s.Ms > targetMs).ToArray();
        var judged = late.Length > 0 ? late : attributed;
        if (judged.Length == 0)
        {
            return null;
        }

        var parts = judged.Select(s => s.Parts!).ToArray();
        var edges = parts.Where(p => p.EdgeMs is not null).Select(p => p.EdgeMs!.Value).ToArray();
        return new LatencyBreakdown(
            edges.Length > 0 ? edges.Average() : null,
            parts.Average(p => p.TransportMs),
            parts.Average(p => p.IngestMs),
            parts.Average(p => p.DecodeMs),
            parts.Average(p => p.QueueMs),
            parts.Average(p => p.ForwardMs),
            parts.Average(p => p.OtherMs),
            parts.Any(p => p.ClockSkew));
    }

    /// <summary>The part of <paramref name="among"/> with the most time in <paramref name="tail"/>.</summary>
    public static LatencyPart Largest(LatencyBreakdown tail, IEnumerable<LatencyPart> among) =>
        among.MaxBy(tail.Of);

    /// <summary>A few words on <paramref name="tail"/>: the largest parts first, e.g. <c>transport 131.0 ms, forward 4.4 ms of 148.3 ms</c>.</summary>
    public static string Describe(LatencyBreakdown tail)
    {
        var largest = LatencyParts.All.OrderByDescending(tail.Of).Take(3)
            .Select(part => string.Create(CultureInfo.InvariantCulture, $"{part.Tag()} {tail.Of(part):0.0} ms"));
        return string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", largest)} of {tail.TotalMs:0.0} ms");
    }
}
