using EdgeVision.Contracts.Wire;

namespace EdgeVision.Inference.Pixels;

/// <summary>
/// How a served model wants a sequence's pixels in its input tensor: whose normalisation applies, which channel order,
/// and whether channels come before frames. The engine writes every sequence of a batch through this once, straight
/// into the batch buffer, so no model needs a second conversion pass.
/// </summary>
/// <param name="Normalization">The model's own mean, std and value range; null keeps the normalisation each sequence carries (the edge's).</param>
/// <param name="ChannelOrder">The channel order of the model's input planes.</param>
/// <param name="ChannelsFirst">
/// True for (channel, frame, y, x) per sequence, torchvision's <c>NCTHW</c>; false for (frame, channel, y, x), <c>NTCHW</c>.
/// </param>
public sealed record ModelPixels(PixelNormalization? Normalization, PixelOrder ChannelOrder, bool ChannelsFirst)
{
    /// <summary>EdgeVision's own models: (frame, channel, y, x), RGB, normalised as the sequence says.</summary>
    public static ModelPixels Sequence { get; } = new(null, PixelOrder.Rgb, ChannelsFirst: false);
}
