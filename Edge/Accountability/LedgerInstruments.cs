using System.Diagnostics.Metrics;
using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.Edge.Accountability;

/// <summary>
/// The edge's ledger metrics (meter <c>EdgeVision.Edge</c>): sequences awaiting their outcome, republished, and settled by
/// outcome (<c>result</c>, a drop reason's tag from a silo's notice or from the edge itself, or <c>no_result</c>), with the
/// frames they carried first, so that captured frames can be checked against frames settled.
/// </summary>
public sealed class LedgerInstruments
{
    public const string OutstandingName = "edgevision.edge.ledger.outstanding";
    public const string RepublishedName = "edgevision.edge.ledger.republished";
    public const string ResolvedName = "edgevision.edge.ledger.resolved";
    public const string FramesName = "edgevision.edge.ledger.frames";
    public const string RejectedName = "edgevision.edge.ledger.rejected";

    /// <summary>The <c>outcome</c> tag of a sequence that got its result.</summary>
    public const string ResultOutcome = "result";

    private readonly Counter<long> _republished;
    private readonly Counter<long> _resolved;
    private readonly Counter<long> _frames;
    private readonly Counter<long> _rejected;
    private readonly KeyValuePair<string, object?> _camera;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Sequences, long Frames)> _totals = new(StringComparer.Ordinal);
    private long _republishedTotal;
    private Func<int> _outstanding = static () => 0;

    public LedgerInstruments(IMeterFactory meterFactory, string camera)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(CaptureInstruments.MeterName);
        _camera = new("camera", camera);
        meter.CreateObservableGauge(OutstandingName, () => new Measurement<int>(_outstanding(), _camera), "{sequence}",
            "Published sequences whose outcome (result or drop notice) the edge still awaits.");
        _republished = meter.CreateCounter<long>(RepublishedName, "{sequence}", "Sequences published a second time because no outcome came in time.");
        _resolved = meter.CreateCounter<long>(ResolvedName, "{sequence}", "Sequences settled, by outcome: result, a drop reason, or no_result.");
        _frames = meter.CreateCounter<long>(FramesName, "{frame}",
            "Frames settled with their sequence, by outcome; each frame counts with the first sequence that carried it.");
        _rejected = meter.CreateCounter<long>(RejectedName, "{message}", "Messages on the camera's results and drops topics that did not decode, by kind.");
    }

    public long Republished => Interlocked.Read(ref _republishedTotal);

    /// <summary>Sequences and frames settled so far, by outcome tag.</summary>
    public IReadOnlyDictionary<string, (long Sequences, long Frames)> Resolved()
    {
        lock (_gate)
        {
            return new Dictionary<string, (long, long)>(_totals, StringComparer.Ordinal);
        }
    }

    internal void ObserveOutstanding(Func<int> outstanding) => _outstanding = outstanding;

    internal void OutcomeRejected(string kind) => _rejected.Add(1, _camera, new("kind", kind));

    internal void SequenceRepublished()
    {
        Interlocked.Increment(ref _republishedTotal);
        _republished.Add(1, _camera);
    }

    internal void SequenceResolved(string outcome, int frames)
    {
        lock (_gate)
        {
            var (sequences, total) = _totals.GetValueOrDefault(outcome);
            _totals[outcome] = (sequences + 1, total + frames);
        }

        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _resolved.Add(1, _camera, tag);
        _frames.Add(frames, _camera, tag);
    }
}
