using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Dashboard.State;

/// <summary>
/// A camera's last <c>Dashboard:ChartWindowSeconds</c> as fixed buckets of <see cref="BucketSeconds"/> each (results,
/// end-to-end latency samples, accuracy, the settings results were produced under, sequences dropped by reason) plus the last
/// <see cref="MaxControls"/> control messages. Memory is fixed at creation whatever the message rate. Not thread-safe:
/// its owner (<see cref="CameraRecord"/>) calls it under its lock.
/// </summary>
internal sealed class CameraTimeline
{
    public const int BucketSeconds = 5;

    /// <summary>Latency samples kept per bucket; beyond that a uniform reservoir sample stands for the bucket.</summary>
    public const int SamplesPerBucket = 64;

    public const int MaxControls = 64;

    private readonly int _buckets;
    private readonly long[] _start;
    private readonly int[] _count;
    private readonly double[] _max;
    private readonly double[] _samples;
    private readonly int[] _judged;
    private readonly int[] _correct;
    private readonly AdaptiveState?[] _settings;
    private readonly int[] _drops;
    private readonly ControlSnapshot?[] _controls = new ControlSnapshot?[MaxControls];
    private int _nextControl;

    public CameraTimeline(int windowSeconds)
    {
        _buckets = Math.Max(1, windowSeconds / BucketSeconds);
        _start = new long[_buckets];
        Array.Fill(_start, long.MinValue);
        _count = new int[_buckets];
        _max = new double[_buckets];
        _samples = new double[_buckets * SamplesPerBucket];
        _judged = new int[_buckets];
        _correct = new int[_buckets];
        _settings = new AdaptiveState?[_buckets];
        _drops = new int[_buckets * Reasons];
    }

    private static int Reasons => DropReasons.All.Count;

    public int WindowSeconds => _buckets * BucketSeconds;

    public void Add(ResultSnapshot result)
    {
        var i = Bucket(result.ReceivedAt);

        var latency = result.EndToEndLatencyMs;
        var n = _count[i]++;
        if (n < SamplesPerBucket)
        {
            _samples[(i * SamplesPerBucket) + n] = latency;
        }
        else if (Random.Shared.Next(n + 1) is var slot && slot < SamplesPerBucket)
        {
            _samples[(i * SamplesPerBucket) + slot] = latency;
        }

        _max[i] = Math.Max(_max[i], latency);
        if (result.Correct is { } hit)
        {
            _judged[i]++;
            _correct[i] += hit ? 1 : 0;
        }

        _settings[i] = result.AdaptiveState;
    }

    /// <summary>One sequence a silo dropped, in the bucket of <paramref name="receivedAt"/>.</summary>
    public void AddDrop(DropReason reason, DateTimeOffset receivedAt) => _drops[(Bucket(receivedAt) * Reasons) + (int)reason]++;

    /// <summary>Sequences dropped per reason in the buckets that started within the last <paramref name="seconds"/> before <paramref name="now"/>.</summary>
    public int[] RecentDrops(DateTimeOffset now, int seconds)
    {
        var counts = new int[Reasons];
        var currentStart = BucketStart(now);
        for (var start = currentStart; start > currentStart - seconds && start > currentStart - WindowSeconds; start -= BucketSeconds)
        {
            var i = Index(start);
            if (_start[i] == start)
            {
                for (var r = 0; r < Reasons; r++)
                {
                    counts[r] += _drops[(i * Reasons) + r];
                }
            }
        }

        return counts;
    }

    public void Add(ControlSnapshot control)
    {
        _controls[_nextControl] = control;
        _nextControl = (_nextControl + 1) % MaxControls;
    }

    /// <summary>Every bucket of the window ending at <paramref name="now"/>, oldest first; empty buckets have no latency.</summary>
    public CameraTimelineSnapshot Snapshot(string site, string camera, DateTimeOffset now, LatencyBoundSnapshot? bound)
    {
        var currentStart = BucketStart(now);
        var first = currentStart - ((_buckets - 1) * (long)BucketSeconds);
        var time = new long[_buckets];
        var rate = new double[_buckets];
        var p50 = new double?[_buckets];
        var p95 = new double?[_buckets];
        var max = new double?[_buckets];
        var accuracy = new double?[_buckets];
        var width = new int?[_buckets];
        var height = new int?[_buckets];
        var skip = new int?[_buckets];
        var batch = new int?[_buckets];
        var drops = new int[Reasons][];
        AdaptiveState? carried = null;
        var anyJudged = false;
        for (var k = 0; k < _buckets; k++)
        {
            var start = first + (k * (long)BucketSeconds);
            var i = Index(start);
            time[k] = start;
            if (_start[i] == start)
            {
                for (var r = 0; r < Reasons; r++)
                {
                    if (_drops[(i * Reasons) + r] is var dropped and > 0)
                    {
                        (drops[r] ??= new int[_buckets])[k] = dropped;
                    }
                }
            }

            if (_start[i] == start && _count[i] > 0)
            {
                // The current bucket counts as far as it has gone (at least a second), so a burst shows at once.
                var covered = start == currentStart ? Math.Max(1, (now - DateTimeOffset.FromUnixTimeSeconds(start)).TotalSeconds) : BucketSeconds;
                rate[k] = _count[i] / covered;
                var sorted = _samples.AsSpan(i * SamplesPerBucket, Math.Min(_count[i], SamplesPerBucket)).ToArray();
                Array.Sort(sorted);
                p50[k] = LatencyStats.Percentile(sorted, 0.50);
                p95[k] = LatencyStats.Percentile(sorted, 0.95);
                max[k] = _max[i];
                if (_judged[i] > 0)
                {
                    accuracy[k] = (double)_correct[i] / _judged[i];
                    anyJudged = true;
                }

                carried = _settings[i] ?? carried;
            }

            // Settings hold until a result shows others: a step line, not dots where results happened to land.
            width[k] = carried?.Width;
            height[k] = carried?.Height;
            skip[k] = carried?.FrameSkip;
            batch[k] = carried?.BatchSize;
        }

        var since = DateTimeOffset.FromUnixTimeSeconds(first);
        var controls = _controls.OfType<ControlSnapshot>().Where(c => c.ReceivedAt >= since).OrderBy(c => c.ReceivedAt).ToArray();
        return new CameraTimelineSnapshot(
            site, camera, now, WindowSeconds, BucketSeconds, bound?.TargetLatencyMs, time, rate, p50, p95, max,
            anyJudged ? accuracy : null, width, height, skip, batch, controls)
        {
            MaxLatencyMs = bound?.MaxLatencyMs,
            Drops = [.. DropReasons.All.Where(r => drops[(int)r] is not null).Select(r => new DropSeries(r.Tag(), drops[(int)r]))],
        };
    }

    // The bucket of at, emptied first when it last held an older interval.
    private int Bucket(DateTimeOffset at)
    {
        var start = BucketStart(at);
        var i = Index(start);
        if (_start[i] != start)
        {
            _start[i] = start;
            _count[i] = 0;
            _max[i] = 0;
            _judged[i] = 0;
            _correct[i] = 0;
            _settings[i] = null;
            Array.Clear(_drops, i * Reasons, Reasons);
        }

        return i;
    }

    private int Index(long start) => (int)((((start / BucketSeconds) % _buckets) + _buckets) % _buckets);

    private static long BucketStart(DateTimeOffset at)
    {
        var second = at.ToUnixTimeSeconds();
        return second - (((second % BucketSeconds) + BucketSeconds) % BucketSeconds);
    }
}
