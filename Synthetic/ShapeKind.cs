namespace EdgeVision.Synthetic;

/// <summary>The shapes a scene draws. A circle carries an off-centre mark so that its rotation shows.</summary>
public enum ShapeKind
{
    Circle,
    Square,
    Triangle,
    Cross,
    Star,
}
