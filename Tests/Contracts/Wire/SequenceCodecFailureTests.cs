using EdgeVision.Contracts.Wire;
using Google.Protobuf;
using Proto = EdgeVision.Contracts.Wire.Proto;

namespace EdgeVision.Tests.Contracts.Wire;

public sealed class SequenceCodecFailureTests
{
    [Fact]
    public void RejectsAnEmptyPayload() => AssertFails([], DecodeFailureReason.Empty);

    [Fact]
    public void RejectsAPayloadOverTheLimitBeforeParsingIt()
    {
        // Garbage that would be Malformed if parsed proves the size check comes first.
        var payload = Enumerable.Repeat((byte)0xFF, 101).ToArray();

        AssertFails(payload, DecodeFailureReason.Oversized, new SequenceLimits { MaxMessageBytes = 100 });
    }

    [Fact]
    public void AcceptsAPayloadExactlyAtTheLimit()
    {
        var payload = SequenceCodec.Encode(SequenceSamples.Jpeg());

        Assert.True(SequenceCodec.TryDecode(payload, new SequenceLimits { MaxMessageBytes = payload.Length }).IsSuccess);
    }

    [Fact]
    public void RejectsTruncatedProtobufAsMalformed()
    {
        var payload = SequenceCodec.Encode(SequenceSamples.Jpeg());

        AssertFails(payload[..^5], DecodeFailureReason.Malformed);
    }

    [Fact]
    public void RejectsAnotherSchemaVersion()
    {
        var proto = ToProto(SequenceSamples.Jpeg());
        proto.SchemaVersion = 2;

        AssertFails(proto.ToByteArray(), DecodeFailureReason.UnsupportedVersion);
    }

    [Theory]
    [InlineData("", "dock-3")]
    [InlineData("site/1", "dock-3")]
    [InlineData("site", "+")]
    [InlineData("site", "_camera")]
    public void RejectsUnsafeIds(string site, string camera) =>
        AssertFails(SequenceSamples.Jpeg() with { SiteId = site, CameraId = camera }, DecodeFailureReason.InvalidIds);

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void RejectsAMissingOrUnknownPixelFormat(int format) =>
        AssertFails(SequenceSamples.Jpeg() with { PixelFormat = (PixelFormat)format }, DecodeFailureReason.UnknownPixelFormat);

    [Theory]
    [InlineData(0, 24)]
    [InlineData(32, -1)]
    [InlineData(4097, 24)]
    [InlineData(32, 4097)]
    public void RejectsDimensionsOutsideTheLimits(int width, int height) =>
        AssertFails(SequenceSamples.Jpeg() with { Width = width, Height = height }, DecodeFailureReason.InvalidDimensions);

    [Fact]
    public void RejectsASequenceWithoutFrames() =>
        AssertFails(SequenceSamples.Jpeg() with { Frames = [], FrameIndices = [], CaptureTimestampsUs = [] }, DecodeFailureReason.FrameCountMismatch);

    [Fact]
    public void RejectsMoreFramesThanTheLimit() =>
        AssertFails(SequenceSamples.Jpeg(5), DecodeFailureReason.FrameCountMismatch, new SequenceLimits { MaxFrames = 4 });

    [Fact]
    public void RejectsFramesIndicesAndTimestampsOfDifferentCounts()
    {
        var sequence = SequenceSamples.Jpeg(4);

        AssertFails(sequence with { FrameIndices = sequence.FrameIndices[..3] }, DecodeFailureReason.FrameCountMismatch);
        AssertFails(sequence with { CaptureTimestampsUs = sequence.CaptureTimestampsUs.Add(long.MaxValue / 100) }, DecodeFailureReason.FrameCountMismatch);
    }

    [Fact]
    public void RejectsAnRgbFrameOfTheWrongSize()
    {
        var sequence = SequenceSamples.Rgb24(2);
        var shortFrame = sequence.Frames[1][..^1];

        AssertFails(sequence with { Frames = sequence.Frames.SetItem(1, shortFrame) }, DecodeFailureReason.FrameSizeMismatch);
    }

    [Fact]
    public void RejectsAJpegFrameWithoutStartOfImage()
    {
        var sequence = SequenceSamples.Jpeg(2);

        AssertFails(sequence with { Frames = sequence.Frames.SetItem(0, new byte[] { 0x89, 0x50, 0x4E, 0x47 }) }, DecodeFailureReason.FrameSizeMismatch);
    }

    [Theory]
    [InlineData(0xC0)]
    [InlineData(0xC1)]
    [InlineData(0xC2)]
    public void RejectsAJpegFrameWhoseFrameHeaderDisagreesWithTheSequence(int sofMarker)
    {
        var sequence = SequenceSamples.Jpeg(2);
        var wrongSize = TestJpeg.Create(SequenceSamples.Height, SequenceSamples.Width, (byte)sofMarker);

        AssertFails(sequence with { Frames = sequence.Frames.SetItem(1, wrongSize) }, DecodeFailureReason.FrameSizeMismatch);
    }

    [Theory]
    [InlineData(0xC3)] // Lossless.
    [InlineData(0xC9)] // Arithmetic coding.
    public void RejectsJpegProcessesOtherThanBaselineExtendedAndProgressive(int sofMarker)
    {
        var sequence = SequenceSamples.Jpeg(1);
        var frame = TestJpeg.Create(SequenceSamples.Width, SequenceSamples.Height, (byte)sofMarker);

        AssertFails(sequence with { Frames = [frame] }, DecodeFailureReason.FrameSizeMismatch);
    }

    [Fact]
    public void RejectsAJpegFrameWhoseScanComesBeforeAnyFrameHeader()
    {
        byte[] scanFirst = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9];

        AssertFails(SequenceSamples.Jpeg(1) with { Frames = [scanFirst] }, DecodeFailureReason.FrameSizeMismatch);
    }

    [Fact]
    public void RejectsANegativeSequenceNumber() =>
        AssertFails(SequenceSamples.Jpeg() with { SequenceNumber = -1 }, DecodeFailureReason.InvalidSequenceNumber);

    [Theory]
    [InlineData(5, 5)]
    [InlineData(6, 5)]
    [InlineData(-2, -1)]
    public void RejectsFrameIndicesThatDoNotStrictlyIncrease(long first, long second) =>
        AssertFails(SequenceSamples.Jpeg(2) with { FrameIndices = [first, second] }, DecodeFailureReason.InvalidFrameIndices);

    [Theory]
    [InlineData(1_000, 1_000)]
    [InlineData(2_000, 1_000)]
    [InlineData(0, 1_000)]
    [InlineData(253_402_300_799_999_998, 253_402_300_800_000_000)]
    public void RejectsTimestampsThatAreNotPositiveIncreasingAndRepresentable(long first, long second) =>
        AssertFails(SequenceSamples.Jpeg(2) with { CaptureTimestampsUs = [first, second] }, DecodeFailureReason.InvalidTimestamps);

    public static TheoryData<string, PreprocessingParameters> BadParameters
    {
        get
        {
            var p = SequenceSamples.Preprocessing(jpegQuality: 85);
            return new()
            {
                { "two means", p with { Mean = [0.4f, 0.4f] } },
                { "four stds", p with { Std = [0.2f, 0.2f, 0.2f, 0.2f] } },
                { "zero std", p with { Std = [0.2f, 0f, 0.2f] } },
                { "negative std", p with { Std = [0.2f, -0.1f, 0.2f] } },
                { "NaN mean", p with { Mean = [0.4f, float.NaN, 0.4f] } },
                { "NaN fps", p with { TargetFps = float.NaN } },
                { "zero fps", p with { TargetFps = 0f } },
                { "negative skip", p with { FrameSkip = -1 } },
                { "zero stride", p with { Stride = 0 } },
                { "zero source width", p with { SourceWidth = 0 } },
                { "blank interpolation", p with { Interpolation = "" } },
                { "interpolation with space", p with { Interpolation = "bi linear" } },
                { "JPEG quality 0 for JPEG", p with { JpegQuality = 0 } },
                { "JPEG quality 101", p with { JpegQuality = 101 } },
                { "nominal width 0 with a height", p with { Nominal = new NominalSettings(0, 224, 0) } },
                { "nominal frame skip without a size", p with { Nominal = new NominalSettings(0, 0, 2) } },
                { "nominal side over 4096", p with { Nominal = new NominalSettings(224, 5000, 0) } },
                { "negative nominal skip", p with { Nominal = new NominalSettings(224, 224, -1) } },
            };
        }
    }

    [Theory]
    [MemberData(nameof(BadParameters))]
    public void RejectsPreprocessingParametersOutOfRange(string because, PreprocessingParameters parameters)
    {
        _ = because;
        AssertFails(SequenceSamples.Jpeg() with { Preprocessing = parameters }, DecodeFailureReason.InvalidParameters);
    }

    [Fact]
    public void RejectsANegativePublishTime() =>
        AssertFails(SequenceSamples.Jpeg() with { PublishedAtUs = -1 }, DecodeFailureReason.InvalidTimestamps);

    [Fact]
    public void RejectsMissingPreprocessingParameters()
    {
        var proto = ToProto(SequenceSamples.Jpeg());
        proto.Preprocessing = null;

        AssertFails(proto.ToByteArray(), DecodeFailureReason.InvalidParameters);
    }

    public static TheoryData<string, string[]> BadFrameLabels => new()
    {
        { "fewer labels than frames", ["grow", "grow", "grow"] },
        { "more labels than frames", ["grow", "grow", "grow", "grow", "grow"] },
        { "an empty label", ["grow", "", "grow", "grow"] },
        { "a blank label", ["grow", "grow", "  ", "grow"] },
        { "a label with a line break", ["grow", "grow", "grow", "gr\now"] },
        { "a label of 129 characters", ["grow", new string('x', 129), "grow", "grow"] },
    };

    [Theory]
    [MemberData(nameof(BadFrameLabels))]
    public void RejectsFrameLabelsThatAreNotOneValidLabelPerFrame(string because, string[] labels)
    {
        _ = because;
        AssertFails(SequenceSamples.Jpeg(4) with { FrameLabels = [.. labels] }, DecodeFailureReason.InvalidFrameLabels);
    }

    [Fact]
    public void FailuresCarryAMessageThatNamesTheProblem()
    {
        var failure = SequenceCodec.Validate(SequenceSamples.Rgb24() with { Width = 5000 });

        Assert.NotNull(failure);
        Assert.Contains("5000x24", failure.Message, StringComparison.Ordinal);
    }

    private static Proto.FrameSequence ToProto(FrameSequence sequence) =>
        Proto.FrameSequence.Parser.ParseFrom(SequenceCodec.Encode(sequence));

    private static void AssertFails(FrameSequence sequence, DecodeFailureReason reason, SequenceLimits? limits = null)
    {
        Assert.Equal(reason, SequenceCodec.Validate(sequence, limits)?.Reason);
        AssertFails(SequenceCodec.Encode(sequence), reason, limits);
    }

    private static void AssertFails(byte[] payload, DecodeFailureReason reason, SequenceLimits? limits = null)
    {
        var result = SequenceCodec.TryDecode(payload, limits);

        Assert.False(result.IsSuccess);
        Assert.Equal(reason, result.Failure.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Failure.Message));
    }
}
