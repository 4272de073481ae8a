namespace EdgeVision.Edge.Preview;

/// <summary>At most one preview per interval: the first frame is taken, then the first one at least an interval after the last taken.</summary>
internal sealed class PreviewThrottle(TimeSpan interval, TimeProvider time)
{
    private long? _lastTaken;

    /// <summary>True when a frame offered now is to become a preview (and the interval starts again).</summary>
    public bool TryTake()
    {
        var now = time.GetTimestamp();
        if (_lastTaken is { } last && time.GetElapsedTime(last, now) < interval)
        {
            return false;
        }

        _lastTaken = now;
        return true;
    }
}
