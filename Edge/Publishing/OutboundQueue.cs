namespace EdgeVision.Edge.Publishing;

/// <summary>
/// The sequences waiting to be published, bounded. While the broker is reachable a full queue makes the producer
/// wait (backpressure reaches the capture buffer, which drops and counts frames); while the broker is away the
/// oldest sequence makes room for the newest and is handed back to be counted as <c>offline_queue_full</c>.
/// One producer and one consumer; every change completes <see cref="WhenChanged"/>.
/// </summary>
internal sealed class OutboundQueue(int capacity)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<OutgoingSequence> _items = new();
    private TaskCompletionSource _changed = NewSignal();
    private bool _online;

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Completes at the next enqueue, dequeue or online change.</summary>
    public Task WhenChanged
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    public void SetOnline(bool online)
    {
        lock (_gate)
        {
            if (_online != online)
            {
                _online = online;
                SignalLocked();
            }
        }
    }

    /// <summary>Adds <paramref name="item"/>; returns the sequence dropped to make room (offline and full), or null.</summary>
    public async ValueTask<OutgoingSequence?> EnqueueAsync(OutgoingSequence item, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_items.Count < Capacity || !_online)
                {
                    OutgoingSequence? dropped = null;
                    if (_items.Count >= Capacity)
                    {
                        dropped = _items.First!.Value;
                        _items.RemoveFirst();
                    }

                    _items.AddLast(item);
                    SignalLocked();
                    return dropped;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public bool TryDequeue(out OutgoingSequence item)
    {
        lock (_gate)
        {
            if (_items.First is not { } first)
            {
                item = null!;
                return false;
            }

            _items.RemoveFirst();
            SignalLocked();
            item = first.Value;
            return true;
        }
    }

    /// <summary>
    /// Puts sequences whose publish failed back at the front, oldest first. Offline beyond the bound, the oldest go
    /// (returned for counting).
    /// </summary>
    public IReadOnlyList<OutgoingSequence> ReturnToFront(IReadOnlyList<OutgoingSequence> items)
    {
        var dropped = new List<OutgoingSequence>();
        lock (_gate)
        {
            for (var i = items.Count - 1; i >= 0; i--)
            {
                _items.AddFirst(items[i]);
            }

            while (!_online && _items.Count > Capacity)
            {
                dropped.Add(_items.First!.Value);
                _items.RemoveFirst();
            }

            SignalLocked();
        }

        return dropped;
    }

    /// <summary>Empties the queue (shutdown), returning what it held.</summary>
    public IReadOnlyList<OutgoingSequence> Clear()
    {
        lock (_gate)
        {
            var all = _items.ToList();
            _items.Clear();
            SignalLocked();
            return all;
        }
    }

    private void SignalLocked()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
