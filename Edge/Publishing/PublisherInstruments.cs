using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.Edge.Publishing;

/// <summary>
/// The publishing side's metrics (meter <c>EdgeVision.Edge</c>, beside the capture side's) plus running totals, so
/// <c>sequences assembled = published + dropped (by reason) + still queued</c> can be checked at any time.
/// </summary>
public sealed class PublisherInstruments
{
    public const string PublishedName = "edgevision.edge.sequences.published";
    public const string DroppedName = "edgevision.edge.sequences.dropped";
    public const string DurationName = "edgevision.edge.publish.duration";
    public const string QueueDepthName = "edgevision.edge.publish.queue.depth";
    public const string BytesName = "edgevision.edge.publish.bytes";
    public const string ConnectionsName = "edgevision.edge.mqtt.connections";

    private readonly Counter<long> _published;
    private readonly Counter<long> _dropped;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _connections;
    private readonly KeyValuePair<string, object?> _camera;
    private readonly long[] _drops = new long[DropReasons.All.Count];
    private long _publishedTotal;
    private Func<int> _queueDepth = static () => 0;

    public PublisherInstruments(IMeterFactory meterFactory, string camera)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(CaptureInstruments.MeterName);
        _camera = new("camera", camera);
        _published = meter.CreateCounter<long>(PublishedName, "{sequence}", "Sequences the broker acknowledged (QoS 1 PUBACK).");
        _dropped = meter.CreateCounter<long>(DroppedName, "{sequence}", "Assembled sequences that were never published, by reason.");
        _duration = meter.CreateHistogram<double>(DurationName, "s", "Time from PUBLISH to the broker's PUBACK.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _bytes = meter.CreateCounter<long>(BytesName, "By", "Payload bytes of acknowledged sequences.");
        _connections = meter.CreateCounter<long>(ConnectionsName, "{connection}", "Connections established to the broker (above 1: reconnects).");
        meter.CreateObservableGauge(QueueDepthName, () => new Measurement<int>(_queueDepth(), _camera), "{sequence}",
            "Sequences waiting for the broker (the offline queue while it is away).");
    }

    public long Published => Interlocked.Read(ref _publishedTotal);

    public long TotalDropped => DropReasons.All.Sum(Dropped);

    public long Dropped(DropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    public IReadOnlyDictionary<DropReason, long> DropsByReason() => DropReasons.All.ToDictionary(r => r, Dropped);

    internal void ObserveQueue(Func<int> depth) => _queueDepth = depth;

    public void SequencePublished(int bytes, TimeSpan duration)
    {
        Interlocked.Increment(ref _publishedTotal);
        _published.Add(1, _camera);
        _bytes.Add(bytes, _camera);
        _duration.Record(duration.TotalSeconds, _camera);
    }

    public void SequenceDropped(DropReason reason, long count = 1)
    {
        if (count <= 0)
        {
            return;
        }

        Interlocked.Add(ref _drops[(int)reason], count);
        _dropped.Add(count, _camera, new("reason", reason.Tag()));
    }

    public void Connected() => _connections.Add(1, _camera);
}
