using System.Collections.Immutable;
using System.Text;

namespace EdgeVision.Contracts.Wire;

/// <summary>
/// One clip of frames from one camera: what an edge publishes (as <c>sequence.proto</c> via
/// <see cref="SequenceCodec"/>) and what ingestion hands to the camera grain. A decoded instance has passed
/// <see cref="SequenceCodec.Validate"/>: ids are safe, the three per-frame arrays have the same length, indices
/// and timestamps strictly increase, every frame matches <see cref="Width"/>, <see cref="Height"/> and
/// <see cref="PixelFormat"/>, and <see cref="FrameLabels"/> are absent or one valid label per frame.
/// </summary>
/// <param name="CaptureTimestampsUs">Capture time of each frame, microseconds since the Unix epoch (UTC).</param>
/// <param name="PublishedAtUs">When the edge handed the message to the broker, microseconds since the Unix epoch on the edge's clock; 0 when not stamped.</param>
public sealed record FrameSequence(
    string SiteId,
    string CameraId,
    long SequenceNumber,
    ImmutableArray<long> FrameIndices,
    ImmutableArray<long> CaptureTimestampsUs,
    int Width,
    int Height,
    PixelFormat PixelFormat,
    ImmutableArray<ReadOnlyMemory<byte>> Frames,
    PreprocessingParameters Preprocessing,
    long PublishedAtUs = 0)
{
    /// <summary>The wire schema version this type reads and writes.</summary>
    public const uint CurrentSchemaVersion = 1;

    /// <summary>
    /// Ground truth: the true class of each frame, oldest first, from a source that knows it (the synthetic scenes);
    /// empty for cameras, files and streams.
    /// </summary>
    public ImmutableArray<string> FrameLabels { get; init; } = [];

    public int FrameCount => Frames.IsDefault ? 0 : Frames.Length;

    /// <summary>The sequence's true label by <see cref="GroundTruth.SequenceLabel"/>; null without <see cref="FrameLabels"/>.</summary>
    public string? TrueLabel => GroundTruth.SequenceLabel(FrameLabels.AsSpan());

    /// <summary>Capture time of frame <paramref name="index"/> as a <see cref="DateTimeOffset"/> (UTC).</summary>
    public DateTimeOffset CaptureTime(int index) => DateTimeOffset.UnixEpoch.AddTicks(CaptureTimestampsUs[index] * 10);

    /// <summary>When the edge published the sequence (its clock), or null when it did not say.</summary>
    public DateTimeOffset? PublishedAt => PublishedAtUs > 0 ? DateTimeOffset.UnixEpoch.AddTicks(PublishedAtUs * 10) : null;

    // Compares contents: frames are memory slices, so the compiler's equality would compare references.
    public bool Equals(FrameSequence? other) =>
        other is not null
        && SiteId == other.SiteId
        && CameraId == other.CameraId
        && SequenceNumber == other.SequenceNumber
        && Width == other.Width
        && Height == other.Height
        && PixelFormat == other.PixelFormat
        && ContentEquality.SequenceEqual(FrameIndices, other.FrameIndices)
        && ContentEquality.SequenceEqual(CaptureTimestampsUs, other.CaptureTimestampsUs)
        && ContentEquality.FramesEqual(Frames, other.Frames)
        && Equals(Preprocessing, other.Preprocessing)
        && ContentEquality.SequenceEqual(FrameLabels, other.FrameLabels)
        && PublishedAtUs == other.PublishedAtUs;

    public override int GetHashCode() =>
        HashCode.Combine(SiteId, CameraId, SequenceNumber, Width, Height, PixelFormat, FrameCount);

    // Logs and test failures get a summary; the compiler's version prints array type names, and bytes would be noise.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"SiteId = {SiteId}, CameraId = {CameraId}, SequenceNumber = {SequenceNumber}, ");
        builder.Append($"Frames = {FrameCount} x {PixelFormat} {Width}x{Height} ({(Frames.IsDefault ? 0 : Frames.Sum(f => (long)f.Length))} bytes), ");
        builder.Append($"FrameIndices = [{Join(FrameIndices)}], CaptureTimestampsUs = [{Join(CaptureTimestampsUs)}], ");
        builder.Append($"Preprocessing = {Preprocessing}, PublishedAtUs = {PublishedAtUs}");
        if (!FrameLabels.IsDefaultOrEmpty)
        {
            builder.Append($", FrameLabels = [{Join(FrameLabels)}]");
        }

        return true;
    }

    private static string Join<T>(ImmutableArray<T> values) => values.IsDefault ? string.Empty : string.Join(", ", values);
}
