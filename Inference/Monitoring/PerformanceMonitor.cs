using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Inference.Monitoring;

/// <summary>
/// The guide's performance monitor: the last <see cref="WindowSize"/> end-to-end and inference latencies
/// (mean, p50, p95, p99, max), result and frame rates over a time window, queue sizes, totals and drops by reason.
/// Rates count the results of the last <c>rateWindow</c> (or since creation, when younger) and fall to zero when
/// results stop. Thread-safe.
/// </summary>
public sealed class PerformanceMonitor
{
    public const int DefaultWindowSize = 100;

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly TimeSpan rateWindow;
    private readonly DateTimeOffset startedAt;
    private readonly RollingWindow endToEnd;
    private readonly RollingWindow inference;
    private readonly Queue<(DateTimeOffset At, int Frames)> recent = new();
    private readonly long[] drops = new long[DropReasons.All.Count];
    private long sequences;
    private long frames;
    private int queueDepth;
    private int maxQueueDepth;

    public PerformanceMonitor(TimeProvider timeProvider, int windowSize = DefaultWindowSize, TimeSpan? rateWindow = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        this.rateWindow = rateWindow ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(this.rateWindow, TimeSpan.Zero, nameof(rateWindow));
        time = timeProvider;
        startedAt = time.GetUtcNow();
        WindowSize = windowSize;
        endToEnd = new RollingWindow(windowSize);
        inference = new RollingWindow(windowSize);
    }

    public int WindowSize { get; }

    /// <summary>Records one result: its end-to-end latency, the forward pass that produced it and the frames it covered.</summary>
    public void RecordResult(TimeSpan endToEndLatency, TimeSpan inferenceLatency, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        lock (gate)
        {
            var now = time.GetUtcNow();
            endToEnd.Add(endToEndLatency.TotalMilliseconds);
            inference.Add(inferenceLatency.TotalMilliseconds);
            recent.Enqueue((now, frameCount));
            Prune(now);
            sequences++;
            frames += frameCount;
        }
    }

    public void RecordDrop(DropReason reason, long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            drops[(int)reason] += count;
        }
    }

    public void RecordQueueDepth(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        lock (gate)
        {
            queueDepth = depth;
            maxQueueDepth = Math.Max(maxQueueDepth, depth);
        }
    }

    public PerformanceSnapshot Snapshot()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            Prune(now);
            var span = TimeSpan.FromTicks(Math.Min(rateWindow.Ticks, (now - startedAt).Ticks));
            var seconds = span.TotalSeconds;
            var sequenceRate = seconds > 0 ? recent.Count / seconds : 0;
            var frameRate = seconds > 0 ? recent.Sum(r => (long)r.Frames) / seconds : 0;
            return new PerformanceSnapshot(
                WindowSize,
                Percentiles.Summarize(endToEnd.ToArray()),
                Percentiles.Summarize(inference.ToArray()),
                sequenceRate,
                frameRate,
                queueDepth,
                maxQueueDepth,
                sequences,
                frames,
                DropReasons.All.ToDictionary(r => r, r => drops[(int)r]));
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (recent.TryPeek(out var oldest) && oldest.At <= now - rateWindow)
        {
            recent.Dequeue();
        }
    }
}
