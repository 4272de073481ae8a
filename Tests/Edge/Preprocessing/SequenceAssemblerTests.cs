using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.Tests.Edge.Preprocessing;

public sealed class SequenceAssemblerTests
{
    private static readonly StreamSettings Settings = new(16, 16, null, 0);

    [Fact]
    public void OverlappingWindowsAdvanceByTheStride()
    {
        using var assembler = new SequenceAssembler(length: 4, stride: 2);

        var sequences = Feed(assembler, 10);

        Assert.Equal([[0, 1, 2, 3], [2, 3, 4, 5], [4, 5, 6, 7], [6, 7, 8, 9]], sequences.Select(s => s.FrameIndices.ToArray()));
        Assert.Equal([0, 1, 2, 3], sequences.Select(s => s.SequenceNumber));
        Assert.Equal(0, assembler.PendingFrames);
        EdgeTestKit.DisposeAll(sequences);
    }

    [Fact]
    public void WindowsWithStrideEqualToLengthDoNotOverlapAndLeftoversStayPending()
    {
        using var assembler = new SequenceAssembler(length: 3, stride: 3);

        var sequences = Feed(assembler, 8);

        Assert.Equal([[0, 1, 2], [3, 4, 5]], sequences.Select(s => s.FrameIndices.ToArray()));
        Assert.Equal(2, assembler.PendingFrames);
        Assert.False(assembler.AtBoundary);
        EdgeTestKit.DisposeAll(sequences);
    }

    [Fact]
    public void SharedFramesStayReadableUntilEverySequenceHoldingThemIsDisposed()
    {
        using var assembler = new SequenceAssembler(length: 2, stride: 1);
        var first = Feed(assembler, 2).Single();
        var second = Feed(assembler, 1, start: 2).Single();

        first.Dispose();

        // Frame 1 is in both; the second sequence still sees its pixels.
        Assert.Equal(1, second.FrameIndices[0]);
        Assert.Equal(1, second.Frames[0].Span[0]);
        second.Dispose();
    }

    [Fact]
    public void StrideLongerThanTheLengthIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceAssembler(length: 4, stride: 5));

    private static List<AssembledSequence> Feed(SequenceAssembler assembler, int count, int start = 0)
    {
        var sequences = new List<AssembledSequence>();
        for (var i = start; i < start + count; i++)
        {
            var frame = new PreprocessedFrame(i, TestFrames.Epoch.AddSeconds(i), 16, 16, 32, 32, PixelOrder.Rgb);
            frame.Buffer.AsSpan(0, frame.Length).Fill((byte)i);
            if (assembler.Add(frame, Settings) is { } sequence)
            {
                sequences.Add(sequence);
            }
        }

        return sequences;
    }
}
