using System.Globalization;
using EdgeVision.Cli.Reports;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Streaming;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Cli.Runs.InProcess;

/// <summary>
/// Once a second: lets the camera's controller decide (<see cref="SequenceSubmitter.Adapt"/>, which tells it the queue
/// depth) and applies its decision (batch size to the engine; frame skip and resolution to the stream, as the edge
/// applies a control message), and prints a progress line at the requested interval.
/// </summary>
internal sealed class RunTicker(
    TimeProvider time,
    DateTimeOffset startedAt,
    SequenceSubmitter camera,
    IInferenceEngine engine,
    VideoStream stream,
    double? fps,
    PerformanceMonitor monitor,
    ResourceSampler resources,
    IRunObserver observer,
    TextWriter? progress,
    TimeSpan progressEvery) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<AdaptiveChange> _changes = [];
    private ITimer? _timer;
    private DateTimeOffset _lastProgress;

    public IReadOnlyList<AdaptiveChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    public void Start()
    {
        _lastProgress = time.GetUtcNow();
        _timer = time.CreateTimer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            // Waits for a tick in progress, so nothing prints after the run's summary.
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (camera.Adapt() is { } decision)
            {
                Apply(decision, now);
            }

            if (progress is not null && now - _lastProgress >= progressEvery)
            {
                _lastProgress = now;
                progress.WriteLine(ProgressLine(now));
            }
        }
    }

    private void Apply(AdaptiveDecision decision, DateTimeOffset now)
    {
        var next = decision.Next;
        var batch = engine.SetMaxBatchSize(next.BatchSize);
        stream.UpdateSettings(new StreamSettings(next.Width, next.Height, fps, next.FrameSkip));
        var change = new AdaptiveChange((now - startedAt).TotalSeconds, batch, next.FrameSkip, next.Width, next.Height, decision.Reason,
            decision.ExpectedAccuracy, decision.Cause.Tag());
        _changes.Add(change);
        observer.OnAdaptiveChange(change);
    }

    private string ProgressLine(DateTimeOffset now)
    {
        var info = stream.GetInfo();
        var snapshot = monitor.Snapshot();
        var latency = snapshot.EndToEndLatencyMs;
        var (cpu, rss) = resources.Latest;
        return string.Create(CultureInfo.InvariantCulture,
            $"[{(now - startedAt).TotalSeconds,6:F1} s] frames {info.FramesCaptured} in, {info.DroppedByReason.Values.Sum()} dropped at capture | "
            + $"{snapshot.TotalSequencesProcessed} seq ({snapshot.SequencesPerSecond:F1}/s, {snapshot.FramesPerSecond:F0} frames/s) | "
            + $"p50 {latency.P50:F1} p95 {latency.P95:F1} ms | batch <= {engine.CurrentMaxBatchSize}, queue {engine.QueueDepth}, {snapshot.TotalDropped} seq dropped | "
            + $"cpu {cpu:F0}% rss {rss / 1048576.0:F0} MiB");
    }
}
