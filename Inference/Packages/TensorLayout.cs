namespace EdgeVision.Inference.Packages;

/// <summary>The order of a video model's five input dimensions.</summary>
public enum TensorLayout
{
    /// <summary>(batch, channels, frames, height, width): torchvision's and PyTorchVideo's video models.</summary>
    NCTHW,

    /// <summary>(batch, frames, channels, height, width): EdgeVision's own models.</summary>
    NTCHW,
}
