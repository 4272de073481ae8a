namespace EdgeVision.Contracts.Wire;

/// <summary>How each frame of a <see cref="FrameSequence"/> is encoded. Values match the protobuf enum.</summary>
public enum PixelFormat
{
    /// <summary>A JPEG file (SOF0, SOF1 or SOF2) whose dimensions match the sequence's.</summary>
    Jpeg = 1,

    /// <summary>Raw interleaved 8-bit RGB, row-major, exactly width * height * 3 bytes.</summary>
    Rgb24 = 2,
}
