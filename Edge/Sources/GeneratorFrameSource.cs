using System.Threading.Channels;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Edge.Sources;

/// <summary>
/// Frames drawn by a delegate (synthetic scenes, test patterns), at a fixed rate or as fast as it draws. Media
/// time is index / fps, so fps limiting downstream is exact whatever the pacing. A generator that knows what it draws
/// can label each frame (<see cref="Frame.Label"/>: ground truth that travels with the frame).
/// </summary>
public sealed class GeneratorFrameSource : IFrameSource
{
    private readonly StatusTracker _status = new();
    private readonly FrameGenerator _generator;
    private readonly Func<long, string>? _label;
    private readonly int _width;
    private readonly int _height;
    private readonly PixelOrder _order;
    private readonly double _fps;
    private readonly Playback _playback;
    private readonly TimeProvider _time;

    /// <param name="fps">The generator's nominal rate: media time and <see cref="Playback.SourceRate"/> use it.</param>
    /// <param name="label">The ground truth of frame <c>index</c>, for generators that know what they draw; null for none.</param>
    public GeneratorFrameSource(FrameGenerator generator, int width, int height, double fps, PixelOrder order = PixelOrder.Rgb,
        Playback? playback = null, string name = "generator", TimeProvider? time = null, Func<long, string>? label = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (!double.IsFinite(fps) || fps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "A generator needs a positive nominal frame rate.");
        }

        _generator = generator;
        _label = label;
        _width = width;
        _height = height;
        _order = order;
        _fps = fps;
        _playback = playback ?? Playback.SourceRate;
        _time = time ?? TimeProvider.System;
        Description = $"{name} {width}x{height} at {fps} fps ({_playback})";
    }

    public string Description { get; }

    public SourceStatus Status => _status.Status;

    public event Action<SourceStatus>? StatusChanged
    {
        add => _status.Changed += value;
        remove => _status.Changed -= value;
    }

    public double? SourceFps => _fps;

    public (int Width, int Height)? FrameSize => (_width, _height);

    public async Task RunAsync(ChannelWriter<Frame> output, CancellationToken cancellationToken)
    {
        _status.Restart();
        var pacer = new FramePacer(_time, _playback.Interval(_fps));
        try
        {
            for (long index = 0; ; index++)
            {
                await pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
                var frame = Frame.Rent(index, _time.GetUtcNow(), TimeSpan.FromSeconds(index / _fps), _width, _height, _order, _label?.Invoke(index));
                bool more;
                try
                {
                    more = _generator(index, frame.Pixels);
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }

                if (!more)
                {
                    frame.Dispose();
                    _status.Set(SourceState.Ended, $"Generator finished after {index} frames.");
                    return;
                }

                if (index == 0)
                {
                    // Before the frame leaves: whoever reads it must find the source Streaming.
                    _status.Set(SourceState.Streaming);
                }

                await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _status.Set(SourceState.Ended, "Stopped.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _status.Set(SourceState.Failed, $"Generator threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
