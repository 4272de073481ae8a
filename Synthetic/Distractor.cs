namespace EdgeVision.Synthetic;

/// <summary>
/// A static shape painted into the background: it never moves, so it is a distraction, never a cue.
/// Position in fractions of the frame's width and height, size (circumradius) in fractions of its shorter side.
/// </summary>
public sealed record Distractor(ShapeKind Shape, Rgb Color, double X, double Y, double Size, double Angle);
