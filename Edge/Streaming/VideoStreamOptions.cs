using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.Edge.Streaming;

/// <summary>What a <see cref="VideoStream"/> needs beyond <c>VideoConfig</c>.</summary>
public sealed record VideoStreamOptions
{
    /// <summary>The <c>camera</c> tag on metrics.</summary>
    public string Camera { get; init; } = "default";

    public ResizeInterpolation Interpolation { get; init; } = ResizeInterpolation.Auto;

    /// <summary>Assembled sequences held for readers; when full, assembly waits and the capture buffer absorbs (and counts) the overrun.</summary>
    public int SequenceBufferSize { get; init; } = 4;
}
