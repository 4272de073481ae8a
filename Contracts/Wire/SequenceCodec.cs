using System.Buffers;
using System.Collections.Immutable;
using Google.Protobuf;
using Proto = EdgeVision.Contracts.Wire.Proto;

namespace EdgeVision.Contracts.Wire;

/// <summary>
/// Reads and writes <see cref="FrameSequence"/> as <c>sequence.proto</c>. The decoder is total: any byte
/// string yields either a valid sequence or a typed <see cref="DecodeFailure"/>, never an exception, so one
/// bad publisher cannot stop an ingestion loop.
/// </summary>
public static class SequenceCodec
{
    /// <summary>Serializes <paramref name="sequence"/> as schema version <see cref="FrameSequence.CurrentSchemaVersion"/>.</summary>
    public static byte[] Encode(FrameSequence sequence) => ToProto(sequence).ToByteArray();

    /// <summary>Serializes <paramref name="sequence"/> into <paramref name="output"/> (e.g. a pooled MQTT payload buffer).</summary>
    public static void Encode(FrameSequence sequence, IBufferWriter<byte> output) => ToProto(sequence).WriteTo(output);

    /// <summary>
    /// Decodes and validates <paramref name="payload"/> against <paramref name="limits"/>
    /// (<see cref="SequenceLimits.Default"/> when null). Size is checked before parsing.
    /// </summary>
    public static DecodeResult<FrameSequence> TryDecode(ReadOnlySpan<byte> payload, SequenceLimits? limits = null)
    {
        limits ??= SequenceLimits.Default;
        if (payload.IsEmpty)
        {
            return DecodeResult<FrameSequence>.Fail(DecodeFailureReason.Empty, "Payload is empty.");
        }

        if (payload.Length > limits.MaxMessageBytes)
        {
            return DecodeResult<FrameSequence>.Fail(DecodeFailureReason.Oversized,
                $"Payload is {payload.Length} bytes; the limit is {limits.MaxMessageBytes}.");
        }

        Proto.FrameSequence message;
        try
        {
            message = Proto.FrameSequence.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return DecodeResult<FrameSequence>.Fail(DecodeFailureReason.Malformed, $"Payload is not a FrameSequence: {ex.Message}");
        }

        if (message.SchemaVersion != FrameSequence.CurrentSchemaVersion)
        {
            return DecodeResult<FrameSequence>.Fail(DecodeFailureReason.UnsupportedVersion,
                $"Schema version {message.SchemaVersion} is not supported; this build reads {FrameSequence.CurrentSchemaVersion}.");
        }

        if (message.Preprocessing is null)
        {
            return DecodeResult<FrameSequence>.Fail(DecodeFailureReason.InvalidParameters, "Preprocessing parameters are missing.");
        }

        var sequence = FromProto(message);
        return Validate(sequence, limits) is { } failure
            ? DecodeResult<FrameSequence>.Fail(failure)
            : DecodeResult<FrameSequence>.Success(sequence);
    }

    /// <inheritdoc cref="TryDecode(ReadOnlySpan{byte}, SequenceLimits?)"/>
    public static DecodeResult<FrameSequence> TryDecode(ReadOnlyMemory<byte> payload, SequenceLimits? limits = null) =>
        TryDecode(payload.Span, limits);

    /// <summary>
    /// Why <paramref name="sequence"/> would be rejected by a silo with <paramref name="limits"/>, or null when it
    /// would be accepted. Edges call it before publishing; the decoder calls it after parsing.
    /// </summary>
    public static DecodeFailure? Validate(FrameSequence sequence, SequenceLimits? limits = null) =>
        SequenceValidator.Validate(sequence, limits ?? SequenceLimits.Default);

    /// <summary>
    /// The bytes that set <c>published_at_us</c> when appended to an encoded sequence (protobuf keeps the last value of a
    /// field): a publisher stamps each attempt at the moment it hands the message over, without re-encoding the frames.
    /// </summary>
    public static byte[] PublishedAtField(DateTimeOffset publishedAt)
    {
        var us = Math.Max(1, (publishedAt - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);
        var buffer = new byte[1 + CodedOutputStream.ComputeInt64Size(us)];
        var output = new CodedOutputStream(buffer);
        output.WriteTag(Proto.FrameSequence.PublishedAtUsFieldNumber, WireFormat.WireType.Varint);
        output.WriteInt64(us);
        output.Flush();
        return buffer;
    }

    private static Proto.FrameSequence ToProto(FrameSequence s)
    {
        var p = s.Preprocessing;
        var message = new Proto.FrameSequence
        {
            SchemaVersion = FrameSequence.CurrentSchemaVersion,
            SiteId = s.SiteId,
            CameraId = s.CameraId,
            SequenceNumber = s.SequenceNumber,
            Width = s.Width,
            Height = s.Height,
            PixelFormat = (Proto.PixelFormat)s.PixelFormat,
            PublishedAtUs = s.PublishedAtUs,
            Preprocessing = new Proto.PreprocessingParameters
            {
                TargetFps = p.TargetFps,
                FrameSkip = p.FrameSkip,
                Stride = p.Stride,
                Normalize = p.Normalize,
                SourceWidth = p.SourceWidth,
                SourceHeight = p.SourceHeight,
                Interpolation = p.Interpolation,
                JpegQuality = p.JpegQuality,
                NominalWidth = p.Nominal?.Width ?? 0,
                NominalHeight = p.Nominal?.Height ?? 0,
                NominalFrameSkip = p.Nominal?.FrameSkip ?? 0,
            },
        };
        message.FrameIndices.AddRange(s.FrameIndices);
        message.CaptureTimestampsUs.AddRange(s.CaptureTimestampsUs);
        message.Preprocessing.Mean.AddRange(p.Mean);
        message.Preprocessing.Std.AddRange(p.Std);
        if (!s.FrameLabels.IsDefaultOrEmpty)
        {
            message.FrameLabels.AddRange(s.FrameLabels);
        }

        foreach (var frame in s.Frames)
        {
            // The record is immutable, so wrapping instead of copying is safe and saves a copy per frame.
            message.Frames.Add(UnsafeByteOperations.UnsafeWrap(frame));
        }

        return message;
    }

    // Both sides 0 means "not sent" (an edge that predates the fields); anything else is checked by the validator.
    private static NominalSettings? Nominal(Proto.PreprocessingParameters p) =>
        p.NominalWidth == 0 && p.NominalHeight == 0 && p.NominalFrameSkip == 0 ? null : new NominalSettings(p.NominalWidth, p.NominalHeight, p.NominalFrameSkip);

    private static FrameSequence FromProto(Proto.FrameSequence m)
    {
        var p = m.Preprocessing;
        var frames = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>(m.Frames.Count);
        foreach (var frame in m.Frames)
        {
            frames.Add(frame.Memory); // The parser already copied the payload; no second copy.
        }

        return new FrameSequence(
            m.SiteId,
            m.CameraId,
            m.SequenceNumber,
            [.. m.FrameIndices],
            [.. m.CaptureTimestampsUs],
            m.Width,
            m.Height,
            (PixelFormat)m.PixelFormat,
            frames.MoveToImmutable(),
            new PreprocessingParameters(
                p.TargetFps, p.FrameSkip, p.Stride, p.Normalize, [.. p.Mean], [.. p.Std],
                p.SourceWidth, p.SourceHeight, p.Interpolation, p.JpegQuality, Nominal(p)),
            m.PublishedAtUs)
        {
            FrameLabels = [.. m.FrameLabels],
        };
    }
}
