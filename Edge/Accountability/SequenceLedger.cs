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
/// one already counted) changes nothing. Each settlement is counted in <see cref="LedgerInstruments"/> and raised as
/// <see cref="Settled"/>.
/// </summary>
/// <remarks>Thread-safe; <c>republish</c> and <see cref="Settled"/>'s handlers are called outside the lock.</remarks>
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
    private int _reporting;

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

    /// <summary>
    /// Raised once for each sequence settled, with what settled it, on the thread that settled it (MQTTnet's receive loop, the
    /// publisher's loop, the ledger's timer, a caller of <see cref="Abandon"/>): handlers must be quick. <see cref="WhenSettledAsync"/>
    /// completes only after the handlers of every settled sequence returned.
    /// </summary>
    public event Action<SettledSequence>? Settled;

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

            _reporting += evicted.Count;
        }

        Report(evicted, SettledBy.NoResult, DropReason.NoResult);
    }

    /// <summary>
    /// Settles at once, with <paramref name="reason"/>, a sequence the publisher will never get (it could not be encoded), so
    /// that its frames are settled too.
    /// </summary>
    public void Refused(long sequenceNumber, DateTimeOffset firstCapture, long firstFrameIndex, int newFrames, DropReason reason)
    {
        lock (_gate)
        {
            _reporting++;
        }

        Report([new Entry(sequenceNumber, firstCapture, firstFrameIndex, newFrames)], SettledBy.PublisherDrop, reason);
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
    public bool DroppedAtEdge(long sequenceNumber, DropReason reason) => Settle(sequenceNumber, static _ => true, SettledBy.PublisherDrop, reason);

    /// <summary>Settles the result's sequence; false when it was not outstanding (a duplicate, another run's, or already counted).</summary>
    public bool Settle(InferenceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // The wire carries capture times in microseconds; a sequence number restarts with the agent, its capture time does not.
        return Settle(result.SequenceNumber, entry => (entry.FirstCapture - result.FirstCaptureTime).Duration() < SameCapture, SettledBy.Result, null,
            result);
    }

    /// <summary>Settles the notice's sequence as dropped with its reason; false when it was not outstanding.</summary>
    public bool Settle(DropNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return DropReasons.TryParseTag(notice.Reason, out var reason)
            && Settle(notice.SequenceNumber, entry => entry.FirstFrameIndex == notice.FirstFrameIndex, SettledBy.SiloDrop, reason, notice: notice);
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

            _reporting += expired.Count;
        }

        Report(expired, SettledBy.NoResult, DropReason.NoResult);

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
            if (_entries.Count == 0 && _reporting == 0)
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
            _reporting += left.Count;
        }

        Report(left, SettledBy.NoResult, DropReason.NoResult);
        return left.Count;
    }

    public void Dispose() => _timer.Dispose();

    private bool Settle(long sequenceNumber, Func<Entry, bool> matches, SettledBy by, DropReason? reason, InferenceResult? result = null,
        DropNotice? notice = null)
    {
        Entry? settled;
        lock (_gate)
        {
            if (!_entries.TryGetValue(sequenceNumber, out settled) || !matches(settled))
            {
                return false;
            }

            _entries.Remove(sequenceNumber);
            _reporting++;
        }

        Report([settled], by, reason, result, notice);
        return true;
    }

    /// <summary>
    /// Counts and raises the settlement of <paramref name="entries"/>, which left the entries (or never were among them)
    /// with <c>_reporting</c> raised by their number; then lowers it, and signals a wait when nothing is left.
    /// </summary>
    private void Report(IReadOnlyList<Entry> entries, SettledBy by, DropReason? reason, InferenceResult? result = null, DropNotice? notice = null)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var outcome = reason?.Tag() ?? LedgerInstruments.ResultOutcome;
        try
        {
            foreach (var entry in entries)
            {
                _instruments.SequenceResolved(outcome, entry.NewFrames);
                Settled?.Invoke(new SettledSequence(entry.SequenceNumber, entry.FirstCapture, entry.FirstFrameIndex, entry.NewFrames, by, outcome, reason,
                    entry.Republished, result, notice));
            }
        }
        finally
        {
            lock (_gate)
            {
                _reporting -= entries.Count;
                if (_entries.Count == 0 && _reporting == 0 && _settled is { } settled)
                {
                    _settled = null;
                    settled.TrySetResult();
                }
            }
        }
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
