using System.Collections.Immutable;
using EdgeVision.Contracts.Topics;

namespace EdgeVision.Contracts.Wire;

/// <summary>The rules of <c>sequence.proto</c>, cheapest first so a bad message costs little.</summary>
internal static class SequenceValidator
{
    // DateTimeOffset.MaxValue in Unix microseconds: later timestamps could not be converted for display.
    private const long MaxTimestampUs = 253_402_300_799_999_999;

    public static DecodeFailure? Validate(FrameSequence sequence, SequenceLimits limits) =>
        Ids(sequence)
        ?? Format(sequence)
        ?? Dimensions(sequence, limits)
        ?? Counts(sequence, limits)
        ?? Numbers(sequence)
        ?? PreprocessingValidator.Validate(sequence.Preprocessing, sequence.PixelFormat)
        ?? Labels(sequence)
        ?? Frames(sequence);

    private static DecodeFailure? Ids(FrameSequence s) =>
        Identifiers.Explain(s.SiteId) is { } site ? Fail(DecodeFailureReason.InvalidIds, $"Site id {site}.")
        : Identifiers.Explain(s.CameraId) is { } camera ? Fail(DecodeFailureReason.InvalidIds, $"Camera id {camera}.")
        : null;

    private static DecodeFailure? Format(FrameSequence s) =>
        s.PixelFormat is PixelFormat.Jpeg or PixelFormat.Rgb24
            ? null
            : Fail(DecodeFailureReason.UnknownPixelFormat, $"Pixel format {(int)s.PixelFormat} is not JPEG (1) or RGB24 (2).");

    private static DecodeFailure? Dimensions(FrameSequence s, SequenceLimits limits) =>
        s.Width <= 0 || s.Height <= 0 || s.Width > limits.MaxWidth || s.Height > limits.MaxHeight
            ? Fail(DecodeFailureReason.InvalidDimensions,
                $"Frames are {s.Width}x{s.Height}; each side must be 1 to {limits.MaxWidth}x{limits.MaxHeight}.")
            : null;

    private static DecodeFailure? Counts(FrameSequence s, SequenceLimits limits)
    {
        var frames = s.FrameCount;
        var indices = Length(s.FrameIndices);
        var timestamps = Length(s.CaptureTimestampsUs);
        if (frames == 0 || frames > limits.MaxFrames)
        {
            return Fail(DecodeFailureReason.FrameCountMismatch, $"Sequence has {frames} frames; 1 to {limits.MaxFrames} allowed.");
        }

        return indices != frames || timestamps != frames
            ? Fail(DecodeFailureReason.FrameCountMismatch,
                $"Sequence has {frames} frames, {indices} frame indices and {timestamps} timestamps; they must be equal.")
            : null;
    }

    private static DecodeFailure? Numbers(FrameSequence s)
    {
        if (s.SequenceNumber < 0)
        {
            return Fail(DecodeFailureReason.InvalidSequenceNumber, $"Sequence number {s.SequenceNumber} is negative.");
        }

        for (var i = 0; i < s.FrameIndices.Length; i++)
        {
            var index = s.FrameIndices[i];
            if (index < 0 || (i > 0 && index <= s.FrameIndices[i - 1]))
            {
                return Fail(DecodeFailureReason.InvalidFrameIndices,
                    $"Frame index {index} at position {i} must be >= 0 and greater than the one before it.");
            }
        }

        for (var i = 0; i < s.CaptureTimestampsUs.Length; i++)
        {
            var time = s.CaptureTimestampsUs[i];
            if (time <= 0 || time > MaxTimestampUs || (i > 0 && time <= s.CaptureTimestampsUs[i - 1]))
            {
                return Fail(DecodeFailureReason.InvalidTimestamps,
                    $"Capture timestamp {time} us at position {i} must be positive, before year 10000 and after the one before it.");
            }
        }

        return s.PublishedAtUs is < 0 or > MaxTimestampUs
            ? Fail(DecodeFailureReason.InvalidTimestamps, $"Publish timestamp {s.PublishedAtUs} us must be 0 (not stamped) or positive and before year 10000.")
            : null;
    }

    private static DecodeFailure? Labels(FrameSequence s) =>
        GroundTruth.ExplainFrameLabels(s.FrameLabels.AsSpan(), s.FrameCount) is { } problem
            ? Fail(DecodeFailureReason.InvalidFrameLabels, problem)
            : null;

    private static DecodeFailure? Frames(FrameSequence s)
    {
        var rgbBytes = (long)s.Width * s.Height * 3;
        for (var i = 0; i < s.Frames.Length; i++)
        {
            var frame = s.Frames[i].Span;
            var problem = s.PixelFormat == PixelFormat.Rgb24
                ? frame.Length == rgbBytes ? null : $"has {frame.Length} bytes; RGB24 {s.Width}x{s.Height} needs {rgbBytes}"
                : JpegFrameHeader.Explain(frame, s.Width, s.Height);
            if (problem is not null)
            {
                return Fail(DecodeFailureReason.FrameSizeMismatch, $"Frame {i} {problem}.");
            }
        }

        return null;
    }

    private static int Length<T>(ImmutableArray<T> array) => array.IsDefault ? 0 : array.Length;

    private static DecodeFailure Fail(DecodeFailureReason reason, string message) => new(reason, message);
}
