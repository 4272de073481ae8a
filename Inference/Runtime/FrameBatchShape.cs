namespace EdgeVision.Inference.Runtime;

/// <summary>The layout of a flat frame buffer: (batch, sequence, channels, height, width), row-major.</summary>
public readonly record struct FrameBatchShape(int Batch, int Sequence, int Channels, int Height, int Width)
{
    public long Elements => (long)Batch * Sequence * Channels * Height * Width;

    internal long[] Dimensions => [Batch, Sequence, Channels, Height, Width];

    public override string ToString() => $"({Batch}, {Sequence}, {Channels}, {Height}, {Width})";
}
