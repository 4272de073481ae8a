using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// The edge agent (<c>Edge</c> section): which camera this is and how its sequences go on the wire. Validated at
/// start by <see cref="EdgeAgentOptionsValidator"/>; <c>--site</c>, <c>--camera</c>, <c>--source</c> set it from the
/// command line. Preprocessing lives in the <c>Video</c> section, the broker in <c>Mqtt</c>.
/// </summary>
public sealed class EdgeAgentOptions
{
    public const string SectionName = "Edge";

    /// <summary>Site id: a topic segment (1-64 ASCII letters, digits, '-' and '_').</summary>
    public string Site { get; set; } = "local";

    /// <summary>Camera id: a topic segment and the <c>camera</c> metric tag.</summary>
    public string Camera { get; set; } = "camera-1";

    /// <summary>What to capture: <c>synthetic</c>, a video file, <c>rtsp://...</c>, <c>http(s)://...</c>, <c>webcam[:N]</c> or <c>/dev/videoN</c>.</summary>
    public string Source { get; set; } = "synthetic";

    /// <summary>Replay a file source from the start when it ends.</summary>
    public bool Loop { get; set; }

    /// <summary>Frames on the wire: <c>Jpeg</c> (about 10x smaller) or <c>Rgb24</c> (exact, no encode cost).</summary>
    public PixelFormat Format { get; set; } = PixelFormat.Jpeg;

    /// <summary>1 to 100; used for <c>Jpeg</c> only.</summary>
    public int JpegQuality { get; set; } = 85;

    /// <summary>Resize interpolation: <c>Auto</c> (area when shrinking, linear when enlarging), <c>Nearest</c>, <c>Linear</c>, <c>Cubic</c>, <c>Area</c>.</summary>
    public ResizeInterpolation Interpolation { get; set; } = ResizeInterpolation.Auto;

    /// <summary>Assembled sequences waiting for the encoder; beyond it assembly waits and the capture buffer drops (counted).</summary>
    public int SequenceBufferSize { get; set; } = 4;
}
