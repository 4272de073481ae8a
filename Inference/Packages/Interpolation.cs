namespace EdgeVision.Inference.Packages;

/// <summary>The filter a resize uses.</summary>
public enum Interpolation
{
    Bilinear,
    Nearest,
    Bicubic,
    Area,
}
