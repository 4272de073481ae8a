namespace EdgeVision.Silo.Grains;

/// <summary>
/// The group-commit writer of a camera grain's durable record of pending sequences (sequence number to what the record
/// keeps of it, <typeparamref name="TEntry"/>). <see cref="AddAsync"/> completes only once a write that includes the
/// sequence has completed, so an acknowledged MQTT message always has a durable trace; <see cref="Remove"/> is not
/// awaited and rides in the next write. One write is in flight at a time (storage etags allow no other), and
/// everything that changed while it was in flight is coalesced into the one after it. A failed write fails the
/// adds it carried (the caller refuses those sequences); its removals are carried again by the next write.
/// </summary>
internal sealed class PendingLedger<TEntry>(Func<Dictionary<long, TEntry>, Task> write)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, TEntry> _entries = [];
    private TaskCompletionSource? _next;
    private TaskCompletionSource? _inFlight;
    private bool _dirty;
    private bool _running;

    /// <summary>Sequences recorded as pending (written or about to be).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Writes started so far (each carries every change made before it started).</summary>
    public long Writes { get; private set; }

    /// <summary>Records <paramref name="sequenceNumber"/> as pending; completes when a write that includes it completed, faults if that write failed.</summary>
    public Task AddAsync(long sequenceNumber, TEntry entry)
    {
        Task written;
        bool start;
        lock (_gate)
        {
            _entries[sequenceNumber] = entry;
            _dirty = true;
            written = (_next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            start = ClaimWriter();
        }

        StartIf(start);
        return written;
    }

    /// <summary>Forgets <paramref name="sequenceNumber"/> (finished, or refused); the next write carries it.</summary>
    public void Remove(long sequenceNumber)
    {
        bool start;
        lock (_gate)
        {
            if (!_entries.Remove(sequenceNumber))
            {
                return;
            }

            _dirty = true;
            start = ClaimWriter();
        }

        StartIf(start);
    }

    /// <summary>Completes when every change made so far is written (faults if that write failed).</summary>
    public Task FlushAsync()
    {
        Task written;
        bool start;
        lock (_gate)
        {
            if (!_dirty)
            {
                return _inFlight?.Task ?? Task.CompletedTask;
            }

            written = (_next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            start = ClaimWriter();
        }

        StartIf(start);
        return written;
    }

    // Under _gate: true when the caller must start the writer (none is running).
    private bool ClaimWriter()
    {
        if (_running)
        {
            return false;
        }

        _running = true;
        return true;
    }

    // Outside _gate: the first write starts synchronously, in the caller's context.
    private void StartIf(bool start)
    {
        if (start)
        {
            _ = RunAsync();
        }
    }

    // Runs in the caller's context (a grain's scheduler: storage is called from the grain), one write at a time.
    private async Task RunAsync()
    {
        while (true)
        {
            Dictionary<long, TEntry> snapshot;
            TaskCompletionSource done;
            lock (_gate)
            {
                if (!_dirty)
                {
                    _running = false;
                    _inFlight = null;
                    return;
                }

                snapshot = new Dictionary<long, TEntry>(_entries);
                _dirty = false;
                done = _next ?? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _next = null;
                _inFlight = done;
                Writes++;
            }

            try
            {
                await write(snapshot);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
                lock (_gate)
                {
                    // Stored state is now older than _entries: it is written again by the next write. That write starts
                    // now only if someone waits on it, so a storage outage costs one attempt per change, not a busy loop.
                    _dirty = true;
                    _inFlight = null;
                    if (_next is null)
                    {
                        _running = false;
                        return;
                    }
                }
            }
        }
    }
}
