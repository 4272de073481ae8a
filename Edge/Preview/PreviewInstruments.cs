using System.Diagnostics.Metrics;
using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.Edge.Preview;

/// <summary>The preview's metrics (meter <c>EdgeVision.Edge</c>): previews published, and those made or due but not published, by reason.</summary>
public sealed class PreviewInstruments
{
    public const string PublishedName = "edgevision.edge.preview.published";
    public const string DroppedName = "edgevision.edge.preview.dropped";
    public const string BytesName = "edgevision.edge.preview.bytes";

    /// <summary>The JPEG was larger than <c>Edge:Preview:MaxBytes</c>.</summary>
    public const string Oversized = "oversized";

    /// <summary>The broker was away.</summary>
    public const string Offline = "offline";

    /// <summary>The previous preview was still being published.</summary>
    public const string Busy = "busy";

    /// <summary>The frame could not be encoded, or the broker refused the preview.</summary>
    public const string Failed = "failed";

    private readonly Counter<long> _published;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _bytes;
    private readonly KeyValuePair<string, object?> _camera;

    public PreviewInstruments(IMeterFactory meterFactory, string camera)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(CaptureInstruments.MeterName);
        _camera = new("camera", camera);
        _published = meter.CreateCounter<long>(PublishedName, "{preview}", "Preview thumbnails published.");
        _dropped = meter.CreateCounter<long>(DroppedName, "{preview}", "Preview thumbnails due but not published, by reason.");
        _bytes = meter.CreateCounter<long>(BytesName, "By", "Payload bytes of the previews published.");
    }

    public void Published(int bytes)
    {
        _published.Add(1, _camera);
        _bytes.Add(bytes, _camera);
    }

    public void Dropped(string reason) => _dropped.Add(1, _camera, new("reason", reason));
}
