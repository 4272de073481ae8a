using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Edge.Preprocessing;

/// <summary>
/// The capture side's metrics (meter <c>EdgeVision.Edge</c>) plus running totals for stream info. Every frame a
/// source produced is counted once as captured, and once more if dropped, under exactly one reason.
/// </summary>
public sealed class CaptureInstruments
{
    public const string MeterName = "EdgeVision.Edge";

    private readonly Counter<long> _captured;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _sequences;
    private readonly KeyValuePair<string, object?> _camera;
    private readonly long[] _drops = new long[DropReasons.All.Count];
    private long _capturedTotal;
    private long _sequencesTotal;

    public CaptureInstruments(IMeterFactory meterFactory, string camera)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _captured = meter.CreateCounter<long>("edgevision.edge.frames.captured", "{frame}", "Frames delivered by the source.");
        _dropped = meter.CreateCounter<long>("edgevision.edge.frames.dropped", "{frame}", "Frames dropped before reaching a sequence, by reason.");
        _sequences = meter.CreateCounter<long>("edgevision.edge.sequences.assembled", "{sequence}", "Sequences assembled from preprocessed frames.");
        _camera = new("camera", camera);
    }

    public long FramesCaptured => Interlocked.Read(ref _capturedTotal);

    public long SequencesAssembled => Interlocked.Read(ref _sequencesTotal);

    public long TotalDropped => DropReasons.All.Sum(Dropped);

    public void FrameCaptured()
    {
        Interlocked.Increment(ref _capturedTotal);
        _captured.Add(1, _camera);
    }

    public void FrameDropped(DropReason reason)
    {
        Interlocked.Increment(ref _drops[(int)reason]);
        _dropped.Add(1, _camera, new("reason", reason.Tag()));
    }

    public void SequenceAssembled()
    {
        Interlocked.Increment(ref _sequencesTotal);
        _sequences.Add(1, _camera);
    }

    public long Dropped(DropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    /// <summary>Drops so far, every reason present (zero included).</summary>
    public IReadOnlyDictionary<DropReason, long> DropsByReason() => DropReasons.All.ToDictionary(r => r, Dropped);
}
