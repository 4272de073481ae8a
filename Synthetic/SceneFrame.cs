namespace EdgeVision.Synthetic;

/// <summary>The ground truth of one frame of a <see cref="SyntheticScene"/>.</summary>
public readonly record struct SceneFrame(long FrameIndex, ActionClass Action, long ActionIndex, int FrameInAction);
