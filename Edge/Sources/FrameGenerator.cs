namespace EdgeVision.Edge.Sources;

/// <summary>Draws frame <c>index</c> into a buffer of width x height x 3 bytes; returns false when it has no more frames.</summary>
public delegate bool FrameGenerator(long index, Span<byte> pixels);
