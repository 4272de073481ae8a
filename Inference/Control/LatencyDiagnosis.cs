using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Inference.Control;

/// <summary>What the latency controller found the latency bound by when it last judged, whether it acted on it or only reports it.</summary>
/// <param name="Cause">What breaks the budget, or <see cref="LatencyCause.WithinTarget"/>.</param>
/// <param name="Acting">True when a knob was turned for it; false when no knob can shrink what breaks the budget (or none is left).</param>
/// <param name="P95Ms">p95 end-to-end latency of the results judged.</param>
/// <param name="Samples">Results judged.</param>
/// <param name="Tail">Each part's mean over the judged results above the target (all of them when none is); null without breakdowns.</param>
/// <param name="Detail">The figures in words.</param>
/// <param name="At">When it judged.</param>
public sealed record LatencyDiagnosis(
    LatencyCause Cause,
    bool Acting,
    double P95Ms,
    int Samples,
    LatencyBreakdown? Tail,
    string Detail,
    DateTimeOffset At);
