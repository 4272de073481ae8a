using EdgeVision.Synthetic;

namespace EdgeVision.Edge.Sources;

/// <summary>
/// An endless video of one action: clip after clip of it, each with its own look and start (sampled from the
/// seed and the clip's number), each <c>framesPerAction</c> frames long. A clip is rendered whole when its first
/// frame is asked for, into one reused buffer. Not thread-safe: one per source.
/// </summary>
internal sealed class SingleActionScene
{
    private readonly SyntheticClipGenerator _clips;
    private readonly ActionClass _action;
    private readonly int _seed;
    private readonly byte[] _clip;
    private long _renderedAction = -1;

    public SingleActionScene(ActionClass action, int width, int height, int framesPerAction, int seed)
    {
        _clips = new SyntheticClipGenerator(width, height, framesPerAction);
        _action = action;
        _seed = seed;
        _clip = new byte[_clips.ClipBytes];
    }

    public SceneFrame Describe(long frameIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        var actionIndex = frameIndex / _clips.FrameCount;
        return new SceneFrame(frameIndex, _action, actionIndex, (int)(frameIndex % _clips.FrameCount));
    }

    public SceneFrame Render(long frameIndex, Span<byte> destination)
    {
        var frame = Describe(frameIndex);
        if (frame.ActionIndex != _renderedAction)
        {
            // A distinct, reproducible seed per clip; the multiplier spreads neighbouring seeds apart.
            var clipSeed = unchecked((_seed * 1_000_003) + (int)frame.ActionIndex);
            _clips.Render(SceneParameters.Sample(_action, clipSeed, _clips.FrameCount), _clip);
            _renderedAction = frame.ActionIndex;
        }

        _clip.AsSpan(frame.FrameInAction * _clips.FrameBytes, _clips.FrameBytes).CopyTo(destination);
        return frame;
    }
}
