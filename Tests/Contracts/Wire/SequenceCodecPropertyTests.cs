using CsCheck;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Tests.Contracts.Wire;

/// <summary>
/// The decoder is total: whatever arrives, it returns a valid sequence (which survives another round trip) or
/// a typed failure, and no exception escapes. CsCheck shrinks any counterexample and prints its seed.
/// </summary>
public sealed class SequenceCodecPropertyTests
{
    private const int Iterations = 10_000;

    // Small limits so mutated lengths and counts cross them often.
    private static readonly SequenceLimits Limits = new() { MaxMessageBytes = 64 * 1024, MaxFrames = 8, MaxWidth = 64, MaxHeight = 64 };

    [Fact]
    public void GeneratedValidSequencesRoundTripExactly() =>
        SequenceGenerators.Sequence.Sample(sequence =>
        {
            Assert.Null(SequenceCodec.Validate(sequence, Limits));
            var result = SequenceCodec.TryDecode(SequenceCodec.Encode(sequence), Limits);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
            Assert.Equal(sequence, result.Value);
        }, iter: Iterations);

    [Fact]
    public void RandomBytesDecodeToAValidSequenceOrATypedFailure() =>
        Gen.Byte.Array[0, 512].Sample(AssertTotal, iter: Iterations);

    [Fact]
    public void MutatedValidEncodingsDecodeToAValidSequenceOrATypedFailure() =>
        Mutations.Of(SequenceGenerators.Sequence.Select(SequenceCodec.Encode)).Sample(AssertTotal, iter: Iterations);

    [Fact]
    public void EveryStrictPrefixOfAValidEncodingIsRejected()
    {
        // Fields are written in number order and preprocessing (11) is required, so no prefix of a sequence without
        // frame labels is valid.
        foreach (var sequence in new[] { SequenceSamples.Jpeg(), SequenceSamples.Rgb24() })
        {
            var payload = SequenceCodec.Encode(sequence);
            for (var length = 0; length < payload.Length; length++)
            {
                var result = SequenceCodec.TryDecode(payload.AsSpan(0, length));
                Assert.False(result.IsSuccess, $"A prefix of {length} of {payload.Length} bytes was accepted.");
            }
        }
    }

    [Fact]
    public void TheOnlyValidPrefixOfALabelledEncodingIsTheSequenceWithoutItsLabels()
    {
        // Frame labels (12) come last and must be one per frame: cutting some off is rejected; cutting all of them off
        // leaves a valid sequence without ground truth, never one with wrong ground truth.
        var labelled = SequenceSamples.Labelled();
        var payload = SequenceCodec.Encode(labelled);
        var unlabelled = SequenceCodec.Encode(labelled with { FrameLabels = [] }).Length;
        for (var length = 0; length < payload.Length; length++)
        {
            var result = SequenceCodec.TryDecode(payload.AsSpan(0, length));
            if (length == unlabelled)
            {
                Assert.True(result.IsSuccess, result.Failure?.ToString());
                Assert.Empty(result.Value.FrameLabels);
            }
            else
            {
                Assert.False(result.IsSuccess, $"A prefix of {length} of {payload.Length} bytes was accepted.");
            }
        }
    }

    [Fact]
    public void MutationsReachTheValidationRulesNotJustTheParser()
    {
        // Guards the fuzzing itself: if mutations only ever produced Malformed, the totality tests would prove little.
        var reasons = new HashSet<DecodeFailureReason>();
        Mutations.Of(SequenceGenerators.Sequence.Select(SequenceCodec.Encode)).Sample(payload =>
        {
            if (SequenceCodec.TryDecode(payload, Limits).Failure is { } failure)
            {
                lock (reasons)
                {
                    reasons.Add(failure.Reason);
                }
            }
        }, iter: Iterations);

        Assert.Subset(reasons, new HashSet<DecodeFailureReason>
        {
            DecodeFailureReason.Malformed, DecodeFailureReason.InvalidIds, DecodeFailureReason.FrameSizeMismatch, DecodeFailureReason.InvalidFrameLabels,
        });
    }

    internal static void AssertTotal(byte[] payload)
    {
        var result = SequenceCodec.TryDecode(payload, Limits);
        if (result.IsSuccess)
        {
            Assert.Null(SequenceCodec.Validate(result.Value, Limits));
            var again = SequenceCodec.TryDecode(SequenceCodec.Encode(result.Value), Limits);
            Assert.True(again.IsSuccess, again.Failure?.ToString());
            Assert.Equal(result.Value, again.Value);
        }
        else
        {
            Assert.True(Enum.IsDefined(result.Failure.Reason), $"Undefined reason {result.Failure.Reason}.");
            Assert.False(string.IsNullOrWhiteSpace(result.Failure.Message));
        }
    }
}
