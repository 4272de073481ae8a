using System.Buffers;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Tests.Contracts.Wire;

public sealed class SequenceCodecRoundTripTests
{
    public static TheoryData<string> Formats => ["jpeg", "rgb24", "labelled"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void DecodesExactlyWhatWasEncoded(string format)
    {
        var sequence = format switch { "jpeg" => SequenceSamples.Jpeg(), "rgb24" => SequenceSamples.Rgb24(), _ => SequenceSamples.Labelled() };

        var result = SequenceCodec.TryDecode(SequenceCodec.Encode(sequence));

        Assert.True(result.IsSuccess, result.Failure?.ToString());
        Assert.Equal(sequence, result.Value);
        Assert.Equal(sequence.GetHashCode(), result.Value.GetHashCode());
    }

    [Fact]
    public void BufferWriterOverloadWritesTheSameBytes()
    {
        var sequence = SequenceSamples.Jpeg();
        var writer = new ArrayBufferWriter<byte>();

        SequenceCodec.Encode(sequence, writer);

        Assert.Equal(SequenceCodec.Encode(sequence), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void EqualityComparesFrameContentsNotReferences()
    {
        var sequence = SequenceSamples.Rgb24();
        var copy = sequence with { Frames = SequenceSamples.Frames([.. sequence.Frames.Select(f => f.ToArray())]) };
        var frames = sequence.Frames.Select(f => f.ToArray()).ToArray();
        frames[^1][^1] ^= 1;
        var changed = sequence with { Frames = SequenceSamples.Frames(frames) };

        Assert.Equal(sequence, copy);
        Assert.NotEqual(sequence, changed);
        Assert.NotEqual(sequence, sequence with { Preprocessing = sequence.Preprocessing with { Mean = [0f, 0f, 0f] } });
    }

    [Fact]
    public void FrameLabelsTravelAsField12AndDecideTheTrueLabel()
    {
        var sequence = SequenceSamples.Labelled();
        var proto = EdgeVision.Contracts.Wire.Proto.FrameSequence.Parser.ParseFrom(SequenceCodec.Encode(sequence));

        Assert.Equal(12, EdgeVision.Contracts.Wire.Proto.FrameSequence.FrameLabelsFieldNumber);
        Assert.Equal(sequence.FrameLabels, proto.FrameLabels);
        // Four frames of each: the tie goes to the action seen last.
        Assert.Equal("rotate_clockwise", SequenceCodec.TryDecode(SequenceCodec.Encode(sequence)).Value!.TrueLabel);
        Assert.Null(SequenceSamples.Jpeg().TrueLabel);
        Assert.NotEqual(sequence, sequence with { FrameLabels = sequence.FrameLabels.SetItem(0, "grow") });
    }

    [Fact]
    public void SchemaVersionOneIsWrittenSoOtherLanguagesCanCheckIt()
    {
        var proto = EdgeVision.Contracts.Wire.Proto.FrameSequence.Parser.ParseFrom(SequenceCodec.Encode(SequenceSamples.Jpeg()));

        Assert.Equal(1u, proto.SchemaVersion);
        Assert.Equal(EdgeVision.Contracts.Wire.Proto.PixelFormat.Jpeg, proto.PixelFormat);
    }

    [Fact]
    public void NominalSettingsAndThePublishTimeRoundTrip()
    {
        var sequence = SequenceSamples.Jpeg() with { PublishedAtUs = 4_000_123 };
        sequence = sequence with { Preprocessing = sequence.Preprocessing with { Nominal = new NominalSettings(224, 160, 2) } };

        var decoded = SequenceCodec.TryDecode(SequenceCodec.Encode(sequence));

        Assert.True(decoded.IsSuccess, decoded.Failure?.ToString());
        Assert.Equal(sequence, decoded.Value);
        Assert.Equal(new NominalSettings(224, 160, 2), decoded.Value.Preprocessing.Nominal);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(40_001_230), decoded.Value.PublishedAt);
    }

    [Fact]
    public void AnEdgeThatSendsNoNominalSettingsOrPublishTimeDecodesWithout()
    {
        var decoded = SequenceCodec.TryDecode(SequenceCodec.Encode(SequenceSamples.Jpeg()));

        Assert.True(decoded.IsSuccess, decoded.Failure?.ToString());
        Assert.Null(decoded.Value.Preprocessing.Nominal);
        Assert.Null(decoded.Value.PublishedAt);
    }

    [Fact]
    public void ThePublishTimeAppendedToAnEncodedSequenceIsReadBackAndTheLastOneWins()
    {
        var encoded = SequenceCodec.Encode(SequenceSamples.Jpeg() with { PublishedAtUs = 1_000 });
        var at = DateTimeOffset.UnixEpoch.AddSeconds(5).AddTicks(30);

        var decoded = SequenceCodec.TryDecode([.. encoded, .. SequenceCodec.PublishedAtField(at)]);

        Assert.True(decoded.IsSuccess, decoded.Failure?.ToString());
        Assert.Equal(5_000_003, decoded.Value.PublishedAtUs);
        Assert.Equal(SequenceSamples.Jpeg(), decoded.Value with { PublishedAtUs = 0 });
    }

    [Fact]
    public void CaptureTimeConvertsUnixMicrosecondsToUtc()
    {
        var sequence = SequenceSamples.Jpeg() with { CaptureTimestampsUs = [1_000_001, 2_000_000, 3_000_000, 4_000_000] };

        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1).AddTicks(10), sequence.CaptureTime(0));
    }
}
