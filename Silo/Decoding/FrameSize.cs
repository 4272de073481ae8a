namespace EdgeVision.Silo.Decoding;

/// <summary>A frame resolution in pixels.</summary>
public readonly record struct FrameSize(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}";
}
