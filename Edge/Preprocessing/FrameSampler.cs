using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Edge.Preprocessing;

/// <summary>
/// Decides which frames are kept: first the rate limit (on media time for files and generators, capture time
/// for live sources), then frame skipping among the frames the rate limit kept.
/// </summary>
internal sealed class FrameSampler
{
    // A frame up to a quarter interval early still counts as on time, so jitter in the source's
    // timestamps does not turn a steady 30 -> 10 fps into an uneven pattern.
    private const double Tolerance = 0.25;

    private TimeSpan? _interval;
    private int _skip;
    private TimeSpan? _nextDue;
    private int _toSkip;

    public FrameSampler(StreamSettings settings) => Reset(settings);

    public void Reset(StreamSettings settings)
    {
        _interval = settings.Fps is { } fps ? TimeSpan.FromSeconds(1 / fps) : null;
        _skip = settings.FrameSkip;
        _nextDue = null;
        _toSkip = 0;
    }

    /// <summary>Null to keep <paramref name="frame"/>, else why it is dropped.</summary>
    public DropReason? Decide(Frame frame)
    {
        if (_interval is { } interval)
        {
            var time = frame.MediaTime ?? (frame.CaptureTime - DateTimeOffset.UnixEpoch);
            if (_nextDue is { } due && time >= due - interval * 2 && time < due - interval * Tolerance)
            {
                return DropReason.FpsLimit;
            }

            // On a gap or a backwards jump (reconnect, loop) restart the grid at this frame.
            _nextDue = _nextDue is { } previous && time - previous < interval && time >= previous - interval * 2
                ? previous + interval
                : time + interval;
        }

        if (_toSkip > 0)
        {
            _toSkip--;
            return DropReason.FrameSkip;
        }

        _toSkip = _skip;
        return null;
    }
}
