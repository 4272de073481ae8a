namespace EdgeVision.Synthetic;

/// <summary>
/// Where the moving shape is in one frame. X and Y are fractions of the frame's width and height, Size is the
/// circumradius as a fraction of the shorter side, Angle is in radians (positive turns clockwise on screen,
/// since image rows grow downwards), Intensity is 1 for a fully drawn shape and lower while it flickers off.
/// </summary>
public readonly record struct ShapeState(double X, double Y, double Size, double Angle, double Intensity);
