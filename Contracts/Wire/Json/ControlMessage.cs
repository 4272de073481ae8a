namespace EdgeVision.Contracts.Wire.Json;

/// <summary>
/// Silo to edge on <c>edgevision/{site}/{camera}/control</c>: change capture settings. Absent settings are left
/// as they are; at least one must be present, and <see cref="Width"/> and <see cref="Height"/> come together.
/// Ranges: target fps 0 to 120 (exclusive of 0), frame skip 0 to 1000, width and height 1 to 4096.
/// </summary>
/// <param name="Reason">Why, with the figures, in words (at most 256 characters).</param>
/// <param name="ExpectedAccuracy">Top-1 accuracy (0 to 1) the model is expected to reach at the settings this message leads to, measured
/// for the model at each resolution and frame skip and stored with it; null when the model has no such measurement.</param>
/// <param name="Cause">What the latency was bound by when the silo decided: <c>forward-bound</c>, <c>queue-bound</c>, <c>overload</c> for a
/// degradation, <c>within-target</c> for a restoring step.</param>
/// <example>
/// <code language="json">
/// {
///   "site": "warehouse-1",
///   "camera": "dock-3",
///   "targetFps": 10,
///   "frameSkip": 2,
///   "width": 160,
///   "height": 160,
///   "reason": "inference queue over 80% for 30 s",
///   "issuedAt": "2026-11-25T18:46:21.120000+00:00",
///   "expectedAccuracy": 0.93,
///   "cause": "queue-bound"
/// }
/// </code>
/// </example>
public sealed record ControlMessage(
    string Site,
    string Camera,
    string Reason,
    DateTimeOffset IssuedAt,
    double? TargetFps = null,
    int? FrameSkip = null,
    int? Width = null,
    int? Height = null,
    double? ExpectedAccuracy = null,
    Telemetry.LatencyCause? Cause = null);
