using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Dashboard.State;

/// <summary>
/// The folded state of one camera. Memory is fixed at creation: a ring of the last <c>historySize</c> results, one
/// counter per second of the rate window, two for accuracy since start and the chart window (<see cref="CameraTimeline"/>),
/// whatever the message rate.
/// </summary>
internal sealed class CameraRecord
{
    /// <summary>How far back a camera's drops count as recent: the overview marks a camera that dropped sequences this recently.</summary>
    public const int RecentDropsSeconds = 60;

    private readonly Lock _gate = new();
    private readonly CameraId _id;
    private readonly ResultSnapshot?[] _history;
    private readonly long[] _bucketSecond;
    private readonly int[] _bucketCount;
    private int _next;
    private int _count;
    private long _resultCount;
    private long _judged;
    private long _correct;
    private DateTimeOffset? _firstResultAt;
    private CameraStatus? _status;
    private DateTimeOffset _statusReceivedAt;
    private ControlSnapshot? _control;
    private LatencyBoundSnapshot? _bound;
    private readonly CameraTimeline _timeline;
    private CameraPreview? _preview;
    private long _previewVersion;
    private long _dropTotal;
    private DropReason _lastDropReason;
    private DateTimeOffset _lastDropAt;

    public CameraRecord(CameraId id, int historySize, int rateWindowSeconds, int chartWindowSeconds)
    {
        _id = id;
        _timeline = new CameraTimeline(chartWindowSeconds);
        _history = new ResultSnapshot?[historySize];
        _bucketSecond = new long[rateWindowSeconds];
        _bucketCount = new int[rateWindowSeconds];
        Array.Fill(_bucketSecond, long.MinValue);
    }

    public void AddResult(InferenceResult result, DateTimeOffset receivedAt)
    {
        var snapshot = ResultSnapshot.From(result, receivedAt);
        var second = receivedAt.ToUnixTimeSeconds();
        var bucket = (int)(((second % _bucketCount.Length) + _bucketCount.Length) % _bucketCount.Length);
        lock (_gate)
        {
            _history[_next] = snapshot;
            _next = (_next + 1) % _history.Length;
            _count = Math.Min(_count + 1, _history.Length);
            _resultCount++;
            if (snapshot.Correct is { } correct)
            {
                _judged++;
                _correct += correct ? 1 : 0;
            }

            _firstResultAt ??= receivedAt;
            if (_bucketSecond[bucket] != second)
            {
                _bucketSecond[bucket] = second;
                _bucketCount[bucket] = 0;
            }

            _bucketCount[bucket]++;
            _timeline.Add(snapshot);
        }
    }

    /// <summary>Takes <paramref name="status"/> unless it is older than the one held (a late retained copy after a live one).</summary>
    public bool SetStatus(CameraStatus status, DateTimeOffset receivedAt)
    {
        lock (_gate)
        {
            if (_status is not null && status.Timestamp < _status.Timestamp)
            {
                return false;
            }

            _status = status;
            _statusReceivedAt = receivedAt;
            return true;
        }
    }

    public void SetControl(ControlMessage control, DateTimeOffset receivedAt)
    {
        var snapshot = ControlSnapshot.From(control, receivedAt);
        lock (_gate)
        {
            if (_control is null || control.IssuedAt >= _control.IssuedAt)
            {
                _control = snapshot;
            }

            _timeline.Add(snapshot);
        }
    }

    public void SetLatencyReport(LatencyReport report, DateTimeOffset receivedAt)
    {
        var snapshot = LatencyBoundSnapshot.From(report, receivedAt);
        lock (_gate)
        {
            if (_bound is null || report.IssuedAt >= _bound.IssuedAt)
            {
                _bound = snapshot;
            }
        }
    }

    /// <summary>One sequence a silo dropped (a notice already validated, so its reason is a known tag).</summary>
    public void AddDrop(DropReason reason, DateTimeOffset receivedAt)
    {
        lock (_gate)
        {
            _dropTotal++;
            _lastDropReason = reason;
            _lastDropAt = receivedAt;
            _timeline.AddDrop(reason, receivedAt);
        }
    }

    /// <summary>
    /// Takes the camera's latest preview (a JPEG the caller no longer touches); null clears it. Versions only grow, and start
    /// from the receive time in milliseconds, so a version never names two pictures, not even across a restart of the
    /// Dashboard: browsers cache <c>preview.jpg?v={version}</c> for good.
    /// </summary>
    public void SetPreview(byte[]? jpeg, DateTimeOffset receivedAt)
    {
        lock (_gate)
        {
            if (jpeg is null)
            {
                _preview = null;
                return;
            }

            _previewVersion = Math.Max(_previewVersion + 1, receivedAt.ToUnixTimeMilliseconds());
            _preview = new CameraPreview(jpeg, _previewVersion, receivedAt);
        }
    }

    public CameraPreview? Preview
    {
        get
        {
            lock (_gate)
            {
                return _preview;
            }
        }
    }

    public CameraSnapshot Snapshot(DateTimeOffset now, TimeSpan staleAfter)
    {
        ResultSnapshot[] recent;
        CameraStatus? status;
        DateTimeOffset statusReceivedAt;
        ControlSnapshot? control;
        LatencyBoundSnapshot? bound;
        CameraPreview? preview;
        long total;
        long judged;
        long right;
        double perSecond;
        DropsSnapshot? drops;
        lock (_gate)
        {
            recent = new ResultSnapshot[_count];
            for (var i = 0; i < _count; i++)
            {
                recent[i] = _history[(_next - 1 - i + _history.Length) % _history.Length]!;
            }

            status = _status;
            statusReceivedAt = _statusReceivedAt;
            control = _control;
            bound = _bound;
            preview = _preview;
            total = _resultCount;
            judged = _judged;
            right = _correct;
            perSecond = ResultsPerSecond(now);
            drops = Drops(now);
        }

        var latest = recent.Length > 0 ? recent[0] : null;
        var age = latest is null ? (double?)null : Math.Max(0, (now - latest.ReceivedAt).TotalSeconds);
        var state = status is null ? CameraLiveness.Unknown
            : status.State == CameraState.Online ? CameraLiveness.Online : CameraLiveness.Offline;
        // Online but silent: since the last result, or since it came online when no result has arrived yet.
        var silentFor = age ?? (now - statusReceivedAt).TotalSeconds;
        var stalled = state == CameraLiveness.Online && silentFor > staleAfter.TotalSeconds;
        return new CameraSnapshot(
            _id.Site, _id.Camera, state, status?.AgentVersion, status?.Reason, status?.Timestamp, stalled,
            latest, recent, Latencies(recent), perSecond, total, age, control, Accuracy(recent, judged, right), status?.Nominal, bound, ExpectedAccuracy(control, bound),
            preview?.Version, preview?.ReceivedAt, drops);
    }

    public CameraTimelineSnapshot Timeline(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _timeline.Snapshot(_id.Site, _id.Camera, now, _bound) with
            {
                PreviewVersion = _preview?.Version,
                Latest = _count > 0 ? _history[(_next - 1 + _history.Length) % _history.Length] : null,
            };
        }
    }

    // Under the lock.
    private DropsSnapshot? Drops(DateTimeOffset now)
    {
        if (_dropTotal == 0)
        {
            return null;
        }

        var counts = _timeline.RecentDrops(now, RecentDropsSeconds);
        var byReason = DropReasons.All
            .Where(r => counts[(int)r] > 0)
            .Select(r => new DropCount(r.Tag(), counts[(int)r]))
            .OrderByDescending(c => c.Sequences)
            .ToArray();
        return new DropsSnapshot(counts.Sum(), RecentDropsSeconds, byReason, _dropTotal, _lastDropReason.Tag(), _lastDropAt);
    }

    private static AccuracySnapshot? Accuracy(ResultSnapshot[] recent, long judged, long right)
    {
        if (judged == 0)
        {
            return null;
        }

        var samples = 0;
        var correct = 0;
        foreach (var result in recent)
        {
            if (result.Correct is { } hit)
            {
                samples++;
                correct += hit ? 1 : 0;
            }
        }

        return new AccuracySnapshot(samples, samples == 0 ? null : (double)correct / samples, judged, (double)right / judged);
    }

    // Both the control message (at the settings it asks for) and the latency report (at the settings in force) carry it: the newer one holds.
    private static double? ExpectedAccuracy(ControlSnapshot? control, LatencyBoundSnapshot? bound) =>
        control is not null && (bound is null || control.IssuedAt >= bound.IssuedAt) ? control.ExpectedAccuracy ?? bound?.ExpectedAccuracy : bound?.ExpectedAccuracy;

    // The current second counts as far as it has gone, so a burst shows at once; the divisor is the time the
    // buckets cover, or the time since the first result when that is shorter, but never under a second (a burst of
    // seven results in 50 ms is not 140/s).
    private double ResultsPerSecond(DateTimeOffset now)
    {
        if (_firstResultAt is not { } first)
        {
            return 0;
        }

        var current = now.ToUnixTimeSeconds();
        var window = _bucketCount.Length;
        var sum = 0L;
        for (var i = 0; i < window; i++)
        {
            var second = _bucketSecond[i];
            if (second <= current && second > current - window)
            {
                sum += _bucketCount[i];
            }
        }

        var covered = (window - 1) + ((now.ToUnixTimeMilliseconds() - (current * 1000)) / 1000.0);
        var elapsed = Math.Max(1, Math.Min(covered, (now - first).TotalSeconds));
        return sum / elapsed;
    }

    private static LatencyStats Latencies(ResultSnapshot[] recent)
    {
        if (recent.Length == 0)
        {
            return LatencyStats.Empty;
        }

        var endToEnd = recent.Select(r => r.EndToEndLatencyMs).Order().ToArray();
        var inference = recent.Select(r => r.InferenceLatencyMs).Order().ToArray();
        return new LatencyStats(
            recent.Length,
            LatencyStats.Percentile(endToEnd, 0.50),
            LatencyStats.Percentile(endToEnd, 0.95),
            LatencyStats.Percentile(inference, 0.50),
            LatencyStats.Percentile(inference, 0.95));
    }
}
