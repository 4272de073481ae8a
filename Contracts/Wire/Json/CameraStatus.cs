namespace EdgeVision.Contracts.Wire.Json;

/// <summary>
/// Retained message on <c>edgevision/{site}/{camera}/status</c>. The edge publishes <c>online</c> after
/// connecting and registers an <c>offline</c> one as its MQTT last will, so subscribers see a crash too.
/// </summary>
/// <param name="Reason">Why the state changed, e.g. <c>"connection lost"</c>; optional, at most 256 characters.</param>
/// <param name="Nominal">The camera's configured frame size and frame skip (what the silo restores it towards); optional.</param>
/// <example>
/// <code language="json">
/// {
///   "site": "warehouse-1",
///   "camera": "dock-3",
///   "state": "offline",
///   "agentVersion": "1.4.0",
///   "timestamp": "2026-11-25T18:46:21.120000+00:00",
///   "reason": "connection lost",
///   "nominal": { "width": 224, "height": 224, "frameSkip": 0 }
/// }
/// </code>
/// </example>
public sealed record CameraStatus(
    string Site,
    string Camera,
    CameraState State,
    string AgentVersion,
    DateTimeOffset Timestamp,
    string? Reason = null,
    NominalSettings? Nominal = null);
