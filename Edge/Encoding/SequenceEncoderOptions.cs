using EdgeVision.Contracts.Wire;

namespace EdgeVision.Edge.Encoding;

/// <summary>How assembled sequences are put on the wire.</summary>
public sealed record SequenceEncoderOptions
{
    public const int DefaultJpegQuality = 85;

    /// <summary>JPEG (about 10x smaller) or raw RGB24 (exact, no encode cost).</summary>
    public PixelFormat Format { get; init; } = PixelFormat.Jpeg;

    /// <summary>1 to 100; used for <see cref="PixelFormat.Jpeg"/> only.</summary>
    public int JpegQuality { get; init; } = DefaultJpegQuality;
}
