namespace EdgeVision.Synthetic;

/// <summary>
/// The synthetic actions, in their stable label order (the value is the class index a model predicts).
/// Each shows only in motion: the first frame of a clip is the same whatever its action.
/// </summary>
public enum ActionClass
{
    MoveLeft = 0,
    MoveRight = 1,
    MoveUp = 2,
    MoveDown = 3,
    Grow = 4,
    Shrink = 5,
    RotateClockwise = 6,
    RotateAnticlockwise = 7,
    Flicker = 8,
    Still = 9,
}
