namespace EdgeVision.Edge.Sources;

/// <summary>Channel order of a <see cref="Frame"/>'s interleaved 8-bit pixels.</summary>
public enum PixelOrder
{
    /// <summary>Blue, green, red: what OpenCV and ffmpeg's <c>bgr24</c> produce.</summary>
    Bgr,

    /// <summary>Red, green, blue: what the models and the wire format use.</summary>
    Rgb,
}
