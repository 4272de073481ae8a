using System.Globalization;
using EdgeVision.Edge.Accountability;
using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Streaming;
using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>The progress line of a <c>--cluster</c> run: capture, publishing (acknowledgements, republishes included), outcomes still awaited, latency, CPU and memory.</summary>
internal sealed class ClusterTicker(
    TimeProvider time,
    DateTimeOffset startedAt,
    VideoStream stream,
    MqttSequencePublisher publisher,
    SequenceAccounting accounting,
    PerformanceMonitor monitor,
    ResourceSampler resources,
    TextWriter progress,
    TimeSpan every) : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;

    public void Start() => _timer = time.CreateTimer(_ => Tick(), null, every, every);

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
            var info = stream.GetInfo();
            var snapshot = monitor.Snapshot();
            var latency = snapshot.EndToEndLatencyMs;
            var (cpu, rss) = resources.Latest;
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{(time.GetUtcNow() - startedAt).TotalSeconds,6:F1} s] frames {info.FramesCaptured} in, {info.DroppedByReason.Values.Sum()} dropped at capture | "
                + $"{publisher.Instruments.Published} published{(publisher.Pending > 0 && !publisher.IsReady ? $" ({publisher.Pending} queued, broker away)" : "")}{(accounting.Instruments.Republished > 0 ? $" ({accounting.Instruments.Republished} republished)" : "")}, {accounting.Ledger.Outstanding} awaiting outcomes | "
                + $"{snapshot.TotalSequencesProcessed} results ({snapshot.SequencesPerSecond:F1}/s, {snapshot.FramesPerSecond:F0} frames/s) | "
                + $"p50 {latency.P50:F1} p95 {latency.P95:F1} ms | {snapshot.TotalDropped} seq dropped | cpu {cpu:F0}% rss {rss / 1048576.0:F0} MiB"));
        }
    }
}
