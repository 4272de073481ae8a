using System.Collections.Concurrent;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard.State;

/// <summary>
/// Folds results, statuses, control messages, latency reports and drop notices into per-camera state. Thread-safe; memory is bounded by
/// <c>Dashboard:MaxCameras</c> cameras of fixed size each (see <see cref="CameraRecord"/>).
/// </summary>
public sealed class CameraStore
{
    private readonly ConcurrentDictionary<CameraId, CameraRecord> _cameras = new();
    private readonly Lock _addGate = new();
    private readonly DashboardOptions _options;
    private readonly TimeProvider _time;
    private readonly DashboardInstruments _instruments;

    public CameraStore(IOptions<DashboardOptions> options, TimeProvider time, DashboardInstruments instruments)
    {
        _options = options.Value;
        _time = time;
        _instruments = instruments;
    }

    public int Count => _cameras.Count;

    /// <summary>False when the camera is new and <c>Dashboard:MaxCameras</c> are already tracked.</summary>
    public bool TryApply(InferenceResult result)
    {
        if (!TryGet(new CameraId(result.Site, result.Camera), out var record))
        {
            return false;
        }

        record.AddResult(result, _time.GetUtcNow());
        return true;
    }

    /// <inheritdoc cref="TryApply(InferenceResult)"/>
    /// <remarks>A status older than the one held is ignored (it still counts as applied).</remarks>
    public bool TryApply(CameraStatus status)
    {
        if (!TryGet(new CameraId(status.Site, status.Camera), out var record))
        {
            return false;
        }

        record.SetStatus(status, _time.GetUtcNow());
        return true;
    }

    /// <inheritdoc cref="TryApply(InferenceResult)"/>
    public bool TryApply(ControlMessage control)
    {
        if (!TryGet(new CameraId(control.Site, control.Camera), out var record))
        {
            return false;
        }

        record.SetControl(control, _time.GetUtcNow());
        return true;
    }

    /// <inheritdoc cref="TryApply(InferenceResult)"/>
    public bool TryApply(LatencyReport report)
    {
        if (!TryGet(new CameraId(report.Site, report.Camera), out var record))
        {
            return false;
        }

        record.SetLatencyReport(report, _time.GetUtcNow());
        return true;
    }

    /// <inheritdoc cref="TryApply(InferenceResult)"/>
    public bool TryApply(DropNotice notice)
    {
        if (!DropReasons.TryParseTag(notice.Reason, out var reason))
        {
            throw new ArgumentException($"Drop reason \"{notice.Reason}\" is not a drop reason's tag: validate notices before applying them.", nameof(notice));
        }

        if (!TryGet(new CameraId(notice.Site, notice.Camera), out var record))
        {
            return false;
        }

        record.AddDrop(reason, _time.GetUtcNow());
        return true;
    }

    /// <summary>
    /// Takes <paramref name="jpeg"/> (already validated; the store keeps this array) as the camera's preview; null clears it
    /// (an empty retained message). False as for <see cref="TryApply(InferenceResult)"/>.
    /// </summary>
    public bool TryApplyPreview(CameraId id, byte[]? jpeg)
    {
        if (jpeg is null && !_cameras.ContainsKey(id))
        {
            return true;
        }

        if (!TryGet(id, out var record))
        {
            return false;
        }

        record.SetPreview(jpeg, _time.GetUtcNow());
        return true;
    }

    /// <summary>The camera's latest preview; null for a camera not tracked or without one.</summary>
    public CameraPreview? Preview(CameraId id) => _cameras.TryGetValue(id, out var record) ? record.Preview : null;

    /// <summary>Every camera, sorted by site then camera.</summary>
    public IReadOnlyList<CameraSnapshot> Snapshot()
    {
        var now = _time.GetUtcNow();
        var staleAfter = TimeSpan.FromSeconds(_options.StaleAfterSeconds);
        return [.. _cameras
            .OrderBy(entry => entry.Key.Site, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Camera, StringComparer.Ordinal)
            .Select(entry => entry.Value.Snapshot(now, staleAfter))];
    }

    public CameraSnapshot? Snapshot(CameraId id) =>
        _cameras.TryGetValue(id, out var record) ? record.Snapshot(_time.GetUtcNow(), TimeSpan.FromSeconds(_options.StaleAfterSeconds)) : null;

    /// <summary>The camera's charts over the last <c>Dashboard:ChartWindowSeconds</c>; null for a camera not tracked.</summary>
    public CameraTimelineSnapshot? Timeline(CameraId id) =>
        _cameras.TryGetValue(id, out var record) ? record.Timeline(_time.GetUtcNow()) : null;

    private bool TryGet(CameraId id, out CameraRecord record)
    {
        if (_cameras.TryGetValue(id, out record!))
        {
            return true;
        }

        lock (_addGate)
        {
            if (_cameras.TryGetValue(id, out record!))
            {
                return true;
            }

            if (_cameras.Count >= _options.MaxCameras)
            {
                return false;
            }

            record = new CameraRecord(id, _options.HistorySize, (int)Math.Ceiling(_options.RateWindowSeconds), _options.ChartWindowSeconds);
            _cameras[id] = record;
            _instruments.CameraAdded();
            return true;
        }
    }
}
