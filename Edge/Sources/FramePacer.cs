namespace EdgeVision.Edge.Sources;

/// <summary>
/// Waits until each frame is due on a fixed grid from the first frame, so pacing does not drift with decode
/// time. After a stall longer than a frame it restarts the grid instead of bursting to catch up.
/// </summary>
internal sealed class FramePacer(TimeProvider time, TimeSpan? interval)
{
    private long _start;
    private long _frames;

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (interval is not { } step)
        {
            return;
        }

        var now = time.GetTimestamp();
        if (_frames == 0)
        {
            _start = now;
            _frames = 1;
            return;
        }

        var due = step * _frames;
        var elapsed = time.GetElapsedTime(_start, now);
        if (elapsed - due > step)
        {
            _start = now;
            _frames = 1;
            return;
        }

        _frames++;
        if (due > elapsed)
        {
            await Task.Delay(due - elapsed, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
