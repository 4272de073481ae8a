namespace EdgeVision.Contracts.Wire;

/// <summary>
/// Channel order of interleaved 8-bit pixels. Cameras, files and OpenCV's JPEG codec work in BGR; RGB24 frames on the
/// wire and the models' input channels are RGB. Frames keep the order they were captured in until something needs the
/// other one: the edge's encoder for the wire format, and the one normalisation that fills a model's input.
/// </summary>
public enum PixelOrder
{
    /// <summary>Blue, green, red: what OpenCV and ffmpeg's <c>bgr24</c> produce, and what OpenCV encodes and decodes JPEG in.</summary>
    Bgr,

    /// <summary>Red, green, blue: RGB24 on the wire, the synthetic scenes, and the models' channel order.</summary>
    Rgb,
}
