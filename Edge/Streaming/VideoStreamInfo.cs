using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Edge.Streaming;

/// <summary>A snapshot of a <see cref="VideoStream"/> (the guide's <c>get_info()</c>).</summary>
/// <param name="CaptureBuffer">Frames waiting for preprocessing, and the bound at which the oldest is dropped.</param>
/// <param name="SequenceBuffer">Sequences waiting for a reader, and the bound at which assembly waits.</param>
/// <param name="PendingFrames">Frames kept and preprocessed that no sequence carries yet (the partial window).</param>
/// <param name="PendingSettings">A settings change waiting for the next sequence boundary.</param>
public sealed record VideoStreamInfo(
    string Source,
    bool IsRunning,
    SourceStatus SourceStatus,
    double? SourceFps,
    (int Width, int Height)? SourceFrameSize,
    (int Count, int Capacity) CaptureBuffer,
    (int Count, int Capacity) SequenceBuffer,
    long FramesCaptured,
    long SequencesAssembled,
    IReadOnlyDictionary<DropReason, long> DroppedByReason,
    int PendingFrames,
    StreamSettings Settings,
    StreamSettings? PendingSettings);
