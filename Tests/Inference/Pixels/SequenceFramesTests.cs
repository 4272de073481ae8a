using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Tests.Inference.Pixels;

public sealed class SequenceFramesTests
{
    [Fact]
    public void WritesEveryFrameOneAfterAnotherAsPlanarNormalisedValues()
    {
        ReadOnlyMemory<byte>[] frames = [new byte[] { 255, 0, 0, 0, 0, 255 }, new byte[] { 0, 255, 0, 0, 0, 0 }];
        using var sequence = new SequenceFrames(frames, 2, 1, PixelOrder.Rgb, PixelNormalization.None);
        var values = new float[sequence.Elements];

        sequence.WriteTo(values);

        // Frame 0: red plane (1, 0), green (0, 0), blue (0, 1); frame 1: red (0, 0), green (1, 0), blue (0, 0).
        Assert.Equal([1f, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0], values);
    }

    [Fact]
    public void RentedFramesAreWrittenByTheirDecoderAndReadAsTheyWereWritten()
    {
        using var sequence = SequenceFrames.Rent(2, 1, 1, PixelOrder.Bgr, PixelNormalization.None);
        sequence.Frame(0).Fill(0);
        sequence.Frame(1)[0] = 255;
        sequence.Frame(1)[1] = 0;
        sequence.Frame(1)[2] = 0;
        var values = new float[6];

        sequence.WriteTo(values);

        // Frame 1 is pure blue in BGR: its blue plane (the third) is 1.
        Assert.Equal([0f, 0, 0, 0, 0, 1], values);
    }

    [Fact]
    public void DisposingReleasesTheOwnerOnceAndTheFramesCannotBeReadAfter()
    {
        var owner = new Owner();
        var sequence = new SequenceFrames([new byte[3]], 1, 1, PixelOrder.Rgb, PixelNormalization.None, owner);

        sequence.Dispose();
        sequence.Dispose();

        Assert.Equal(1, owner.Releases);
        Assert.Throws<ObjectDisposedException>(() => sequence.WriteTo(new float[3]));
    }

    [Fact]
    public void RejectsFramesOfAnotherSizeThanDeclaredAndFramesItDoesNotOwnForWriting()
    {
        Assert.Throws<ArgumentException>(() => new SequenceFrames([new byte[12], new byte[11]], 2, 2, PixelOrder.Rgb, PixelNormalization.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceFrames([], 2, 2, PixelOrder.Rgb, PixelNormalization.None));
        using var wire = new SequenceFrames([new byte[12]], 2, 2, PixelOrder.Rgb, PixelNormalization.None);
        Assert.Throws<InvalidOperationException>(() => wire.Frame(0));
        Assert.Throws<ArgumentException>(() => wire.WriteTo(new float[11]));
    }

    private sealed class Owner : IDisposable
    {
        public int Releases { get; private set; }

        public void Dispose() => Releases++;
    }
}
