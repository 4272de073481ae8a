using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Inference.Control;

/// <summary>
/// The causes of <see cref="LatencyController"/>: a breach of the target moves only a knob whose parts are what breaks the
/// budget (<see cref="LatencyAttribution"/>), and every judgement leaves a <see cref="LatencyDiagnosis"/>.
/// </summary>
public sealed partial class LatencyController
{
    // Over the target: only a knob whose parts are what breaks the budget may move; otherwise the cause is reported.
    private AdaptiveDecision? Breach(LoadWindow.Summary load, DateTimeOffset now)
    {
        var tail = LatencyAttribution.Tail(load.Latencies, config.TargetLatencyMs);
        var able = knobs.Where(k => LatencyAttribution.CanReachTarget(k, load.Latencies, config.TargetLatencyMs, floors)).ToArray();
        var step = Degrade(able);
        var cause = tail is null ? LatencyCause.Unattributed
            : LatencyAttribution.Largest(tail, step is { } s ? LatencyAttribution.PartsOf(s.Knob) : LatencyParts.All).Cause();
        Diagnose(cause, step is not null, load, tail, now);
        var reason = $"{Describe(load, "over")}; {cause.Tag()}{(tail is null ? "" : $": {LatencyAttribution.Describe(tail)}")}";
        return Apply(step, reason, cause, now);
    }

    private void Diagnose(LatencyCause cause, bool acting, LoadWindow.Summary load, LatencyBreakdown? tail, DateTimeOffset now)
    {
        var detail = cause switch
        {
            LatencyCause.WithinTarget => FormattableString.Invariant($"p95 {load.P95:0.0} ms within the target {config.TargetLatencyMs:0.#} ms"),
            LatencyCause.Overload => FormattableString.Invariant($"{load.Drops} stale/overload drops, queue up to {load.MaxQueueDepth}"),
            _ when tail is null => FormattableString.Invariant($"p95 {load.P95:0.0} ms over the target {config.TargetLatencyMs:0.#} ms; the results carry no breakdown"),
            _ => FormattableString.Invariant($"{LatencyAttribution.Describe(tail)} in the late results, p95 {load.P95:0.0} ms"),
        };
        if (!acting && cause is not (LatencyCause.WithinTarget or LatencyCause.Overload))
        {
            detail += Degrade(knobs) is null ? "; every knob is at its limit or at the accuracy it may cost" : "; no knob can shrink it";
        }

        if (diagnosis is null || diagnosis.Cause != cause || diagnosis.Acting != acting)
        {
            LogCause(logger, cause.Tag(), acting, detail);
        }

        diagnosis = new LatencyDiagnosis(cause, acting, load.P95, load.Samples, tail, detail, now);
    }
}
