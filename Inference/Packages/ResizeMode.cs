namespace EdgeVision.Inference.Packages;

/// <summary>How a camera frame is brought to the model's height and width.</summary>
public enum ResizeMode
{
    /// <summary>Scaled to exactly height x width, aspect ratio not kept (what the edge does today).</summary>
    Stretch,

    /// <summary>Scaled so the short side is <see cref="ModelInput.ResizeShortSide"/>, then the centre height x width cut out (torchvision's video transforms).</summary>
    ShortSideCentreCrop,
}
