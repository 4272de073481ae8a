namespace EdgeVision.Synthetic;

/// <summary>
/// One labelled clip: <see cref="FrameCount"/> RGB24 frames (row-major, R, G, B) stored back to back.
/// </summary>
public sealed class SyntheticClip
{
    private readonly byte[] pixels;

    internal SyntheticClip(int? seed, SceneParameters parameters, int width, int height, byte[] pixels)
    {
        Seed = seed;
        Parameters = parameters;
        Width = width;
        Height = height;
        this.pixels = pixels;
    }

    public ActionClass Label => Parameters.Action;

    /// <summary>The seed the clip was sampled from; null for clips of hand-made parameters.</summary>
    public int? Seed { get; }

    public SceneParameters Parameters { get; }

    public int Width { get; }

    public int Height { get; }

    public int FrameCount => Parameters.FrameCount;

    public int FrameBytes => Width * Height * 3;

    /// <summary>Every frame, back to back.</summary>
    public ReadOnlySpan<byte> Pixels => pixels;

    public ReadOnlySpan<byte> Frame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        return pixels.AsSpan(index * FrameBytes, FrameBytes);
    }
}
