namespace EdgeVision.Contracts.Wire;

/// <summary>Why a payload was rejected. Bounded, so it is fit for a metric tag.</summary>
public enum DecodeFailureReason
{
    /// <summary>The payload had no bytes.</summary>
    Empty,

    /// <summary>The payload was larger than the limit; it was not parsed.</summary>
    Oversized,

    /// <summary>The bytes are not a well-formed message (truncated or invalid protobuf, invalid JSON, wrong types).</summary>
    Malformed,

    /// <summary>The sequence's schema version is not one this build reads.</summary>
    UnsupportedVersion,

    /// <summary>A site or camera id breaks the <see cref="Topics.Identifiers"/> alphabet.</summary>
    InvalidIds,

    /// <summary>The pixel format is missing or unknown.</summary>
    UnknownPixelFormat,

    /// <summary>Width or height is not positive or exceeds the limits.</summary>
    InvalidDimensions,

    /// <summary>No frames, too many frames, or frames, indices and timestamps disagree in number.</summary>
    FrameCountMismatch,

    /// <summary>A frame does not match the declared format and dimensions.</summary>
    FrameSizeMismatch,

    /// <summary>The sequence number is negative.</summary>
    InvalidSequenceNumber,

    /// <summary>Frame indices are negative or not strictly increasing.</summary>
    InvalidFrameIndices,

    /// <summary>Capture timestamps are not positive, out of range, or not strictly increasing.</summary>
    InvalidTimestamps,

    /// <summary>Preprocessing parameters are missing or out of range (mean/std not 3 values, std &lt;= 0, NaN).</summary>
    InvalidParameters,

    /// <summary>A JSON message field is missing or out of range.</summary>
    InvalidField,

    /// <summary>Frame labels (ground truth) are neither absent nor one per frame, or one is blank, too long or holds a control character.</summary>
    InvalidFrameLabels,
}
