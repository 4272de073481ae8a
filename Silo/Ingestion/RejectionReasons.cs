using EdgeVision.Contracts.Wire;

namespace EdgeVision.Silo.Ingestion;

/// <summary>
/// The <c>reason</c> tag of <c>edgevision.silo.rejected</c>: a message that never reached a camera grain. Each is
/// a <see cref="Contracts.Telemetry.DropReason.Invalid"/> drop, except <see cref="GrainFailed"/> (left
/// unacknowledged for the broker to deliver again).
/// </summary>
public static class RejectionReasons
{
    /// <summary>The topic is not <c>edgevision/{site}/{camera}/sequences</c> with valid ids.</summary>
    public const string InvalidTopic = "invalid_topic";

    /// <summary>The sequence names another camera than its topic.</summary>
    public const string TopicMismatch = "topic_mismatch";

    /// <summary>The camera grain could not be reached after every retry.</summary>
    public const string GrainFailed = "grain_failed";

    /// <summary>The snake_case tag of a decoder's failure reason (<c>malformed</c>, <c>oversized</c>, ...).</summary>
    public static string Tag(DecodeFailureReason reason) => reason switch
    {
        DecodeFailureReason.Empty => "empty",
        DecodeFailureReason.Oversized => "oversized",
        DecodeFailureReason.Malformed => "malformed",
        DecodeFailureReason.UnsupportedVersion => "unsupported_version",
        DecodeFailureReason.InvalidIds => "invalid_ids",
        DecodeFailureReason.UnknownPixelFormat => "unknown_pixel_format",
        DecodeFailureReason.InvalidDimensions => "invalid_dimensions",
        DecodeFailureReason.FrameCountMismatch => "frame_count_mismatch",
        DecodeFailureReason.FrameSizeMismatch => "frame_size_mismatch",
        DecodeFailureReason.InvalidSequenceNumber => "invalid_sequence_number",
        DecodeFailureReason.InvalidFrameIndices => "invalid_frame_indices",
        DecodeFailureReason.InvalidTimestamps => "invalid_timestamps",
        DecodeFailureReason.InvalidParameters => "invalid_parameters",
        DecodeFailureReason.InvalidField => "invalid_field",
        DecodeFailureReason.InvalidFrameLabels => "invalid_frame_labels",
        _ => "unknown",
    };
}
