namespace EdgeVision.Edge.Preprocessing;

/// <summary>
/// Slides a window of <c>length</c> frames forward by <c>stride</c> frames per sequence (overlapping when
/// stride &lt; length). Not thread-safe: one pipeline loop owns it.
/// </summary>
internal sealed class SequenceAssembler(int length, int stride) : IDisposable
{
    private readonly List<PreprocessedFrame> _window = new(length);
    private long _nextSequence;

    public int Length { get; } = length >= 1 ? length : throw new ArgumentOutOfRangeException(nameof(length));

    public int Stride { get; } = stride >= 1 && stride <= length ? stride : throw new ArgumentOutOfRangeException(nameof(stride), stride, $"Stride must be 1 to the sequence length ({length}).");

    /// <summary>Frames in the window that no sequence has carried yet.</summary>
    public int PendingFrames { get; private set; }

    /// <summary>True when every frame held was already delivered: settings may change here without mixing.</summary>
    public bool AtBoundary => PendingFrames == 0;

    /// <summary>Takes ownership of <paramref name="frame"/>; returns a sequence when the window fills.</summary>
    public AssembledSequence? Add(PreprocessedFrame frame, StreamSettings settings)
    {
        _window.Add(frame);
        PendingFrames++;
        if (_window.Count < Length)
        {
            return null;
        }

        var frames = new PreprocessedFrame[Length];
        for (var i = 0; i < Length; i++)
        {
            frames[i] = _window[i].AddReference();
        }

        for (var i = 0; i < Stride; i++)
        {
            _window[i].Release();
        }

        _window.RemoveRange(0, Stride);
        var newFrames = PendingFrames;
        PendingFrames = 0;
        return new AssembledSequence(_nextSequence++, frames, settings, Stride) { NewFrames = newFrames };
    }

    /// <summary>Lets go of the overlap kept for the next window (already delivered); used when settings change.</summary>
    public void ClearDelivered()
    {
        if (!AtBoundary)
        {
            throw new InvalidOperationException("Clearing now would lose frames no sequence carried.");
        }

        Dispose();
    }

    public void Dispose()
    {
        foreach (var frame in _window)
        {
            frame.Release();
        }

        _window.Clear();
        PendingFrames = 0;
    }
}
