namespace EdgeVision.Synthetic;

/// <summary>A 24-bit colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Rec. 601 luma, 0..255: what decides whether a shape stands out from its background.</summary>
    public double Luma => (0.299 * R) + (0.587 * G) + (0.114 * B);
}
