namespace EdgeVision.Inference.Serving;

/// <summary>
/// Lets a camera's results out in sequence-number order: a finished sequence waits while an earlier sequence of the
/// same camera is still in flight. A sequence that arrives after later ones were released (a late redelivery) is
/// released as soon as it finishes. Drops release their slot without output.
/// </summary>
/// <typeparam name="T">What is released (a result), or null for a drop.</typeparam>
internal sealed class InOrderRelease<T>
    where T : class
{
    private readonly SortedDictionary<long, Slot> _inFlight = [];

    public int InFlight => _inFlight.Count;

    /// <summary>Marks <paramref name="number"/> as in flight.</summary>
    public void Start(long number) => _inFlight[number] = new Slot();

    /// <summary>
    /// Marks <paramref name="number"/> finished with <paramref name="output"/> (null for a drop) and returns every output
    /// that may leave now, in sequence order.
    /// </summary>
    public IReadOnlyList<T> Finish(long number, T? output)
    {
        if (!_inFlight.TryGetValue(number, out var slot))
        {
            return output is null ? [] : [output];
        }

        slot.Done = true;
        slot.Output = output;
        var released = new List<T>();
        while (_inFlight.Count > 0)
        {
            var (first, head) = _inFlight.First();
            if (!head.Done)
            {
                break;
            }

            _inFlight.Remove(first);
            if (head.Output is not null)
            {
                released.Add(head.Output);
            }
        }

        return released;
    }

    private sealed class Slot
    {
        public bool Done { get; set; }

        public T? Output { get; set; }
    }
}
