using System.Threading.Channels;
using EdgeVision.Contracts.Wire;
using EdgeVision.Synthetic;

namespace EdgeVision.Edge.Sources;

/// <summary>
/// A camera that films the synthetic action scenes (<see cref="SyntheticScene"/>): RGB frames at
/// <see cref="SyntheticSourceSettings.Fps"/>, every class in shuffled balanced rounds or one chosen class, each frame
/// labelled with the action it shows (<see cref="Frame.Label"/>, the ground truth that travels with it to the result).
/// It never ends on its own; stopping it reports <see cref="SourceState.Ended"/>. The default source for local runs,
/// where no camera exists.
/// </summary>
public sealed class SyntheticFrameSource : IFrameSource
{
    private readonly GeneratorFrameSource _frames;
    private readonly Func<long, SceneFrame> _describe;

    /// <param name="playback">At the settings' fps by default, like a camera; <see cref="Playback.Unpaced"/> for benchmarks.</param>
    public SyntheticFrameSource(SyntheticSourceSettings? settings = null, Playback? playback = null, TimeProvider? time = null)
    {
        Settings = settings ?? new SyntheticSourceSettings();
        FrameGenerator generator;
        if (Settings.Action is { } action)
        {
            var scene = new SingleActionScene(action, Settings.Width, Settings.Height, Settings.FramesPerAction, Settings.Seed);
            _describe = scene.Describe;
            generator = (index, pixels) =>
            {
                scene.Render(index, pixels);
                return true;
            };
        }
        else
        {
            var scene = new SyntheticScene(Settings.Width, Settings.Height, Settings.FramesPerAction, Settings.Seed);
            _describe = scene.Describe;
            generator = (index, pixels) =>
            {
                scene.Render(index, pixels);
                return true;
            };
        }

        _frames = new GeneratorFrameSource(generator, Settings.Width, Settings.Height, Settings.Fps, PixelOrder.Rgb, playback, Settings.ToString(), time,
            index => _describe(index).Action.Name());
    }

    public SyntheticSourceSettings Settings { get; }

    public string Description => _frames.Description;

    public SourceStatus Status => _frames.Status;

    public event Action<SourceStatus>? StatusChanged
    {
        add => _frames.StatusChanged += value;
        remove => _frames.StatusChanged -= value;
    }

    public double? SourceFps => _frames.SourceFps;

    public (int Width, int Height)? FrameSize => _frames.FrameSize;

    /// <summary>The action frame <paramref name="frameIndex"/> shows (<see cref="Frame.Index"/>), and where it is in that action.</summary>
    public SceneFrame GroundTruth(long frameIndex) => _describe(frameIndex);

    public Task RunAsync(ChannelWriter<Frame> output, CancellationToken cancellationToken) => _frames.RunAsync(output, cancellationToken);

    public ValueTask DisposeAsync() => _frames.DisposeAsync();
}
