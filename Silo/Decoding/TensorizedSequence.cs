namespace EdgeVision.Silo.Decoding;

/// <summary>
/// A sequence's frames as the models take them: normalised float32 laid out (sequence, channels, height, width),
/// RGB channel order, row-major.
/// </summary>
public sealed record TensorizedSequence(int Sequence, int Channels, int Height, int Width, float[] Pixels)
{
    public long Elements => (long)Sequence * Channels * Height * Width;
}
