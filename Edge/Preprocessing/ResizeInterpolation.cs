namespace EdgeVision.Edge.Preprocessing;

/// <summary>How frames are resized to the target size.</summary>
public enum ResizeInterpolation
{
    /// <summary>Area averaging when shrinking (no aliasing), bilinear when enlarging.</summary>
    Auto,
    Nearest,
    Linear,
    Area,
    Cubic,
}
