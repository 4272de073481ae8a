using System.Text.Json.Serialization;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>
/// Retained message on <c>edgevision/{site}/{camera}/latency</c>: what the silo's latency controller finds the camera's
/// latency bound by, published whenever that changes. It changes nothing at the edge: a cause no knob can shrink
/// (<c>transport-bound</c>, <c>edge-bound</c>, ...) is reported here instead of being answered by degrading the camera.
/// </summary>
/// <param name="Cause">What breaks the budget, or <c>within-target</c>.</param>
/// <param name="Acting">True when the controller turns a knob for it; false when it only reports it.</param>
/// <param name="P95Ms">p95 end-to-end latency over the results judged.</param>
/// <param name="TargetLatencyMs">The camera's target.</param>
/// <param name="Samples">Results judged.</param>
/// <param name="Tail">Each part's mean over the results judged above the target (over all of them when none is), in ms; null (written as such) when no result had a breakdown.</param>
/// <param name="Detail">The figures in words, at most 512 characters.</param>
/// <param name="ExpectedAccuracy">Top-1 accuracy (0 to 1) expected at the settings in force, when the model has the measurement.</param>
/// <param name="MaxLatencyMs">The camera's maximum latency: a sequence older than this when it could be processed is dropped as <c>stale</c>; optional, at least the target.</param>
/// <example>
/// <code language="json">
/// {
///   "site": "warehouse-1",
///   "camera": "dock-3",
///   "cause": "transport-bound",
///   "acting": false,
///   "p95Ms": 165.2,
///   "targetLatencyMs": 100,
///   "samples": 24,
///   "tail": { "edgeMs": 3.1, "transportMs": 131.0, "ingestMs": 1.9, "decodeMs": 5.2, "queueMs": 0.4, "forwardMs": 4.4, "otherMs": 2.3 },
///   "detail": "transport 131.0 ms of the late results' 148.3 ms; no knob shrinks it",
///   "issuedAt": "2026-11-25T18:46:21.120000+00:00",
///   "expectedAccuracy": 0.984,
///   "maxLatencyMs": 200
/// }
/// </code>
/// </example>
public sealed record LatencyReport(
    string Site,
    string Camera,
    LatencyCause Cause,
    bool Acting,
    double P95Ms,
    double TargetLatencyMs,
    int Samples,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] LatencyBreakdown? Tail,
    string Detail,
    DateTimeOffset IssuedAt,
    double? ExpectedAccuracy = null,
    double? MaxLatencyMs = null);
