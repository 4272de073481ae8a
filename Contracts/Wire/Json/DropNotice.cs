namespace EdgeVision.Contracts.Wire.Json;

/// <summary>
/// What a silo publishes on <c>edgevision/{site}/{camera}/drops</c> (QoS 1, not retained) for each sequence it dropped
/// after receiving it: the outcome of a sequence that has no result, so that the edge that published it can settle it.
/// One notice per sequence; <see cref="Reason"/> is the drop reason's tag (<c>stale</c>, <c>overload</c>,
/// <c>invalid</c>, <c>shutdown</c>, <c>lost</c>, ...), the value of the <c>reason</c> tag on drop counters.
/// </summary>
/// <param name="Frames">Frames the sequence carried.</param>
/// <param name="DroppedAt">When the silo dropped it (for <c>lost</c>: when the next activation counted it).</param>
/// <param name="Silo">The dropping silo's id (its Orleans address, or its host name), at most 128 characters.</param>
/// <example>
/// <code language="json">
/// {
///   "site": "warehouse-1",
///   "camera": "dock-3",
///   "sequenceNumber": 1042,
///   "firstFrameIndex": 16672,
///   "lastFrameIndex": 16702,
///   "frames": 16,
///   "reason": "stale",
///   "droppedAt": "2026-11-25T18:46:22.310000+00:00",
///   "silo": "S10.0.0.7:11111:124958101"
/// }
/// </code>
/// </example>
public sealed record DropNotice(
    string Site,
    string Camera,
    long SequenceNumber,
    long FirstFrameIndex,
    long LastFrameIndex,
    int Frames,
    string Reason,
    DateTimeOffset DroppedAt,
    string Silo);
