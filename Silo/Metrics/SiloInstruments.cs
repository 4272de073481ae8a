using System.Diagnostics;
using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Silo.Health;

namespace EdgeVision.Silo.Metrics;

/// <summary>
/// The silo's metrics (meter <c>EdgeVision.Silo</c>). Tags are bounded: camera (<c>site/camera</c>), outcome,
/// drop or rejection reason, topic kind. The stalled-camera count is read from <see cref="CameraStallTracker"/>.
/// </summary>
public sealed class SiloInstruments
{
    public const string MeterName = "EdgeVision.Silo";

    public const string SequencesName = "edgevision.silo.sequences";
    public const string RejectedName = "edgevision.silo.rejected";
    public const string DroppedName = "edgevision.silo.dropped";
    public const string ResultsName = "edgevision.silo.results";
    public const string EndToEndName = "edgevision.silo.end_to_end.duration";
    public const string InferenceName = "edgevision.silo.inference.duration";
    public const string PendingName = "edgevision.silo.pending";
    public const string ControlName = "edgevision.silo.control.messages";
    public const string PublishFailedName = "edgevision.silo.publish.failed";
    public const string LatencyPartName = "edgevision.silo.latency_part.duration";
    public const string ClockSkewName = "edgevision.silo.clock_skew";
    public const string StalledCamerasName = "edgevision.silo.stalled_cameras";

    public const string OutcomeAccepted = "accepted";
    public const string OutcomeDuplicate = "duplicate";
    public const string OutcomeDropped = "dropped";

    private static readonly IReadOnlyList<double> LatencyBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10];

    private readonly Counter<long> _sequences;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _results;
    private readonly Histogram<double> _endToEnd;
    private readonly Histogram<double> _inference;
    private readonly UpDownCounter<long> _pending;
    private readonly Counter<long> _control;
    private readonly Counter<long> _publishFailed;
    private readonly Histogram<double> _latencyPart;
    private readonly Counter<long> _clockSkew;

    public SiloInstruments(IMeterFactory meterFactory, AdaptiveStateGauges gauges, CameraStallTracker stalls, LatencyBoundGauges bounds)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(gauges);
        ArgumentNullException.ThrowIfNull(stalls);
        ArgumentNullException.ThrowIfNull(bounds);
        var meter = meterFactory.Create(MeterName);
        _sequences = meter.CreateCounter<long>(SequencesName, "{sequence}", "Sequences that reached a camera grain, by camera and outcome (accepted, duplicate, dropped).");
        _rejected = meter.CreateCounter<long>(RejectedName, "{message}", "MQTT messages rejected by ingestion before any grain saw them, by reason.");
        _dropped = meter.CreateCounter<long>(DroppedName, "{sequence}", "Sequences that ended without a result, by camera and drop reason.");
        _results = meter.CreateCounter<long>(ResultsName, "{result}", "Results produced, by camera.");
        _endToEnd = meter.CreateHistogram(EndToEndName, "s", "Capture of a sequence's last frame to its result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _inference = meter.CreateHistogram(InferenceName, "s", "Forward pass that served a sequence (the whole batch's).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _pending = meter.CreateUpDownCounter<long>(PendingName, "{sequence}", "Sequences accepted by camera grains and not yet finished.");
        _control = meter.CreateCounter<long>(ControlName, "{message}", "Control messages sent to edges, by camera.");
        _publishFailed = meter.CreateCounter<long>(PublishFailedName, "{message}", "Results or control messages that could not be published, by topic kind.");
        _latencyPart = meter.CreateHistogram(LatencyPartName, "s",
            "Each part of a result's end-to-end latency, by camera and part (edge, transport, ingest, decode, queue, forward, other).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _clockSkew = meter.CreateCounter<long>(ClockSkewName, "{result}",
            "Results whose transport time came out negative (the edge's clock ahead of the silo's) and was counted as 0, by camera.");
        meter.CreateObservableGauge(StalledCamerasName, () => stalls.Stalled().Count, "{camera}",
            "Cameras hosted here whose sequences keep arriving and that produced no result for Silo:Cameras:StallSeconds.");
        gauges.Register(meter);
        bounds.Register(meter);
    }

    public void Sequence(string camera, string outcome) =>
        _sequences.Add(1, new TagList { { "camera", camera }, { "outcome", outcome } });

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dropped(string camera, DropReason reason) =>
        _dropped.Add(1, new TagList { { "camera", camera }, { "reason", reason.Tag() } });

    public void Result(string camera, TimeSpan endToEnd, TimeSpan inference)
    {
        var tag = new KeyValuePair<string, object?>("camera", camera);
        _results.Add(1, tag);
        _endToEnd.Record(Math.Max(0, endToEnd.TotalSeconds), tag);
        _inference.Record(inference.TotalSeconds, tag);
    }

    /// <summary>Records where one result's latency went.</summary>
    public void Parts(string camera, LatencyBreakdown parts)
    {
        foreach (var part in LatencyParts.All)
        {
            if (part != LatencyPart.Edge || parts.EdgeMs is not null)
            {
                _latencyPart.Record(parts.Of(part) / 1000, new TagList { { "camera", camera }, { "part", part.Tag() } });
            }
        }

        if (parts.ClockSkew)
        {
            _clockSkew.Add(1, new KeyValuePair<string, object?>("camera", camera));
        }
    }

    public void PendingChanged(string camera, int delta) => _pending.Add(delta, new KeyValuePair<string, object?>("camera", camera));

    public void Control(string camera) => _control.Add(1, new KeyValuePair<string, object?>("camera", camera));

    public void PublishFailed(string kind) => _publishFailed.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
