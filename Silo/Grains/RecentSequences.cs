namespace EdgeVision.Silo.Grains;

/// <summary>
/// The last <c>capacity</c> sequences a camera grain took, for duplicate detection under at-least-once delivery. A
/// sequence is identified by its number and the capture time of its first frame, so an edge that restarts and counts
/// from 0 again is not mistaken for a redelivery. Oldest entries are forgotten first.
/// </summary>
internal sealed class RecentSequences(int capacity)
{
    private readonly HashSet<(long Number, long FirstCaptureUs)> _seen = [];
    private readonly Queue<(long Number, long FirstCaptureUs)> _order = new();

    public int Count => _seen.Count;

    /// <summary>Records the sequence; false when it is already among the recent ones (a duplicate).</summary>
    public bool TryAdd(long number, long firstCaptureUs)
    {
        var key = (number, firstCaptureUs);
        if (!_seen.Add(key))
        {
            return false;
        }

        _order.Enqueue(key);
        while (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }

        return true;
    }

    /// <summary>
    /// Forgets a sequence recorded by <see cref="TryAdd"/> (it was refused, so its redelivery is not a duplicate). Its
    /// place in the eviction order stays; if it is added again it may be forgotten somewhat early, which only shortens
    /// its duplicate window.
    /// </summary>
    public void Forget(long number, long firstCaptureUs) => _seen.Remove((number, firstCaptureUs));
}
