using System.Diagnostics.Metrics;
using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.Edge.Control;

/// <summary>Control-message metrics (meter <c>EdgeVision.Edge</c>) with running totals for tests and stream info.</summary>
public sealed class ControlInstruments
{
    public const string AppliedName = "edgevision.edge.control.applied";
    public const string RejectedName = "edgevision.edge.control.rejected";

    private readonly Counter<long> _applied;
    private readonly Counter<long> _rejected;
    private readonly KeyValuePair<string, object?> _camera;
    private long _appliedTotal;
    private long _rejectedTotal;

    public ControlInstruments(IMeterFactory meterFactory, string camera)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(CaptureInstruments.MeterName);
        _camera = new("camera", camera);
        _applied = meter.CreateCounter<long>(AppliedName, "{message}", "Control messages applied to the stream settings.");
        _rejected = meter.CreateCounter<long>(RejectedName, "{message}", "Control messages rejected, by reason.");
    }

    public long Applied => Interlocked.Read(ref _appliedTotal);

    public long Rejected => Interlocked.Read(ref _rejectedTotal);

    public void MessageApplied()
    {
        Interlocked.Increment(ref _appliedTotal);
        _applied.Add(1, _camera);
    }

    public void MessageRejected(ControlRejection reason)
    {
        Interlocked.Increment(ref _rejectedTotal);
        _rejected.Add(1, _camera, new("reason", Tag(reason)));
    }

    public static string Tag(ControlRejection reason) => reason switch
    {
        ControlRejection.Malformed => "malformed",
        ControlRejection.WrongCamera => "wrong_camera",
        ControlRejection.Unsupported => "unsupported",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown rejection."),
    };
}
