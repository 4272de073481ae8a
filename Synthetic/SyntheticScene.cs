namespace EdgeVision.Synthetic;

/// <summary>
/// An endless video of actions, each lasting <see cref="FramesPerAction"/> frames, for use as a camera: any
/// frame index renders on request, with the action it belongs to as ground truth. Actions come in shuffled
/// balanced rounds. Not thread-safe (it caches the current action's background): one scene per camera.
/// </summary>
public sealed class SyntheticScene
{
    private readonly byte[] background;
    private long cachedAction = -1;
    private SceneParameters? cachedParameters;

    public SyntheticScene(int width, int height, int framesPerAction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerAction, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)width * height * 3, Array.MaxLength, nameof(width));
        Width = width;
        Height = height;
        FramesPerAction = framesPerAction;
        Seed = seed;
        background = new byte[FrameBytes];
    }

    public int Width { get; }

    public int Height { get; }

    public int FramesPerAction { get; }

    public int Seed { get; }

    public int FrameBytes => Width * Height * 3;

    public SceneFrame Describe(long frameIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        var action = frameIndex / FramesPerAction;
        return new SceneFrame(frameIndex, ClassSchedule.ClassAt(Seed, action), action, (int)(frameIndex % FramesPerAction));
    }

    /// <summary>The parameters of action number <paramref name="actionIndex"/> (each action is its own clip).</summary>
    public SceneParameters ActionParameters(long actionIndex) =>
        SceneParameters.Sample(ClassSchedule.ClassAt(Seed, actionIndex), (int)SceneRandom.Derive(Seed, actionIndex), FramesPerAction);

    /// <summary>Renders frame <paramref name="frameIndex"/> as RGB24 into <paramref name="destination"/>.</summary>
    public SceneFrame Render(long frameIndex, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, FrameBytes, nameof(destination));
        var frame = Describe(frameIndex);
        if (frame.ActionIndex != cachedAction || cachedParameters is null)
        {
            cachedParameters = ActionParameters(frame.ActionIndex);
            SceneRenderer.RenderBackground(cachedParameters, Width, Height, background);
            cachedAction = frame.ActionIndex;
        }

        SceneRenderer.RenderFrame(cachedParameters, frame.FrameInAction, Width, Height, background, destination[..FrameBytes]);
        return frame;
    }
}
