namespace EdgeVision.Synthetic;

/// <summary>How a scene's static background is painted.</summary>
public enum BackgroundKind
{
    Solid,
    Gradient,
    Texture,
}
