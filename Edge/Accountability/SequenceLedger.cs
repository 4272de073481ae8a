using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Edge.Accountability;

/// <summary>
/// The edge's account of what it published: each sequence handed to the publisher is kept by identity (number, first
/// capture time, first frame index, frames) until its outcome is known, and settled exactly once: by its result, by a
/// silo's drop notice, by the publisher's own drop (never published), or, when nothing came within the timeout after the
/// broker acknowledged it, by one republish (same sequence number; the silo treats a sequence it already has as a
/// duplicate) and then, when nothing came again, as <c>no_result</c>. Memory is bounded: the bytes of only the latest
/// <see cref="SequenceLedgerSettings.RetainForRepublish"/> sequences are kept (an older one that times out is counted as
/// <c>no_result</c> without a republish), and at most <see cref="SequenceLedgerSettings.MaxOutstanding"/> identities (the
/// oldest beyond it is counted as <c>no_result</c> at once). An outcome for a sequence it does not hold (a duplicate, or
/// one already counted) changes nothing.
/// </summary>
/// <remarks>Thread-safe; <c>republish</c> is called outside the lock, from the ledger's timer.</remarks>
public sealed class SequenceLedger : IDisposable
{
    private static readonly TimeSpan SameCapture = TimeSpan.FromMilliseconds(1);

    private readonly SequenceLedgerSettings _settings;
    private readonly LedgerInstruments _instruments;
    private readonly TimeProvider _time;
    private readonly Action<long, byte[]> _republish;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Entry> _entries = [];
    private readonly Queue<long> _retained = new();
    private readonly ITimer _timer;
    private TaskCompletionSource? _settled;

    /// <param name="republish">Publishes a sequence's bytes again (once per sequence); the publisher's acknowledgement or drop comes back through <see cref="Published"/> or <see cref="DroppedAtEdge"/>.</param>
    public SequenceLedger(SequenceLedgerSettings settings, LedgerInstruments instruments, TimeProvider time, Action<long, byte[]> republish)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _republish = republish ?? throw new ArgumentNullException(nameof(republish));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.ResultTimeout, TimeSpan.Zero, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.RetainForRepublish, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxOutstanding, 1, nameof(settings));
        _instruments.ObserveOutstanding(() => Outstanding);
        var period = TimeSpan.FromTicks(Math.Clamp(settings.ResultTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
        _timer = time.CreateTimer(static state => ((SequenceLedger)state!).Sweep(), this, period, period);
    }

    /// <summary>Sequences kept whose outcome is not known yet.</summary>
    public int Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Keeps sequence <paramref name="sequenceNumber"/> (about to be queued for publishing) with <paramref name="payload"/>
    /// for a republish. <paramref name="newFrames"/> are the frames no earlier sequence carried: what it settles of the
    /// captured frames.
    /// </summary>
    public void Track(long sequenceNumber, DateTimeOffset firstCapture, long firstFrameIndex, int newFrames, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var evicted = new List<Entry>();
        lock (_gate)
        {
            if (_entries.ContainsKey(sequenceNumber))
            {
                return;
            }

            _entries[sequenceNumber] = new Entry(sequenceNumber, firstCapture, firstFrameIndex, newFrames) { Payload = _settings.RetainForRepublish > 0 ? payload : null };
            if (_settings.RetainForRepublish > 0)
            {
                _retained.Enqueue(sequenceNumber);
                while (_retained.Count > _settings.RetainForRepublish && _retained.TryDequeue(out var old))
                {
                    if (_entries.TryGetValue(old, out var entry))
                    {
                        entry.Payload = null;
                    }
                }
            }

            while (_entries.Count > _settings.MaxOutstanding)
            {
                var oldest = _entries.First().Value;
                _entries.Remove(oldest.SequenceNumber);
                evicted.Add(oldest);
            }
        }

        foreach (var entry in evicted)
        {
            _instruments.SequenceResolved(DropReason.NoResult.Tag(), entry.NewFrames);
        }
    }

    /// <summary>The broker acknowledged the sequence (first publish or republish): its outcome is awaited from now.</summary>
    public void Published(long sequenceNumber)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(sequenceNumber, out var entry))
            {
                entry.Deadline = _time.GetUtcNow() + _settings.ResultTimeout;
            }
        }
    }

    /// <summary>The publisher will never publish the sequence (offline queue full, refused, shutdown): settled with that reason.</summary>
    public bool DroppedAtEdge(long sequenceNumber, DropReason reason) => Settle(sequenceNumber, reason.Tag(), static _ => true);

    /// <summary>Settles the result's sequence; false when it was not outstanding (a duplicate, another run's, or already counted).</summary>
    public bool Settle(InferenceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // The wire carries capture times in microseconds; a sequence number restarts with the agent, its capture time does not.
        return Settle(result.SequenceNumber, LedgerInstruments.ResultOutcome,
            entry => (entry.FirstCapture - result.FirstCaptureTime).Duration() < SameCapture);
    }

    /// <summary>Settles the notice's sequence as dropped with its reason; false when it was not outstanding.</summary>
    public bool Settle(DropNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return DropReasons.TryParseTag(notice.Reason, out var reason)
            && Settle(notice.SequenceNumber, reason.Tag(), entry => entry.FirstFrameIndex == notice.FirstFrameIndex);
    }

    /// <summary>
    /// Acts on every sequence whose wait is over: republishes it once when its bytes are still kept, else counts it as
    /// <c>no_result</c>. The ledger's timer calls it; a test may too.
    /// </summary>
    public void Sweep()
    {
        var now = _time.GetUtcNow();
        var republish = new List<(long Number, byte[] Payload)>();
        var expired = new List<Entry>();
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Deadline is not { } deadline || deadline > now)
                {
                    continue;
                }

                entry.Deadline = null;
                if (!entry.Republished && entry.Payload is { } payload)
                {
                    entry.Republished = true;
                    entry.Payload = null;
                    republish.Add((entry.SequenceNumber, payload));
                }
                else
                {
                    expired.Add(entry);
                }
            }

            foreach (var entry in expired)
            {
                _entries.Remove(entry.SequenceNumber);
            }

            SignalSettledLocked();
        }

        foreach (var entry in expired)
        {
            _instruments.SequenceResolved(DropReason.NoResult.Tag(), entry.NewFrames);
        }

        foreach (var (number, payload) in republish)
        {
            _instruments.SequenceRepublished();
            _republish(number, payload);
        }
    }

    /// <summary>Completes when no sequence awaits its outcome, or when <paramref name="cancellationToken"/> fires first (then false).</summary>
    public async Task<bool> WhenSettledAsync(CancellationToken cancellationToken)
    {
        Task settled;
        lock (_gate)
        {
            if (_entries.Count == 0)
            {
                return true;
            }

            settled = (_settled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        try
        {
            await settled.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Stops waiting (the agent is stopping): every sequence still awaiting its outcome is counted as <c>no_result</c>; returns how many.</summary>
    public int Abandon()
    {
        List<Entry> left;
        lock (_gate)
        {
            left = [.. _entries.Values];
            _entries.Clear();
            _retained.Clear();
            SignalSettledLocked();
        }

        foreach (var entry in left)
        {
            _instruments.SequenceResolved(DropReason.NoResult.Tag(), entry.NewFrames);
        }

        return left.Count;
    }

    public void Dispose() => _timer.Dispose();

    // Under _gate, after a removal.
    private void SignalSettledLocked()
    {
        if (_entries.Count == 0 && _settled is { } settled)
        {
            _settled = null;
            settled.TrySetResult();
        }
    }

    private bool Settle(long sequenceNumber, string outcome, Func<Entry, bool> matches)
    {
        Entry? settled;
        lock (_gate)
        {
            if (!_entries.TryGetValue(sequenceNumber, out settled) || !matches(settled))
            {
                return false;
            }

            _entries.Remove(sequenceNumber);
            SignalSettledLocked();
        }

        _instruments.SequenceResolved(outcome, settled.NewFrames);
        return true;
    }

    /// <summary>One sequence awaiting its outcome; mutable under the ledger's lock.</summary>
    private sealed class Entry(long sequenceNumber, DateTimeOffset firstCapture, long firstFrameIndex, int newFrames)
    {
        public long SequenceNumber { get; } = sequenceNumber;

        public DateTimeOffset FirstCapture { get; } = firstCapture;

        public long FirstFrameIndex { get; } = firstFrameIndex;

        public int NewFrames { get; } = newFrames;

        /// <summary>Kept for the one republish; null once gone (beyond the retained ones, or republished).</summary>
        public byte[]? Payload { get; set; }

        /// <summary>When its wait ends; null while it is queued at the publisher (not acknowledged yet).</summary>
        public DateTimeOffset? Deadline { get; set; }

        public bool Republished { get; set; }
    }
}
