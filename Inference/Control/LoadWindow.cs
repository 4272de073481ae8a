using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Inference.Control;

/// <summary>
/// The latency controller's recent observations: latencies (with where each went, when known), load-shedding drops and
/// queue depths, each timestamped. Older than the window's length is forgotten, except the latest
/// <paramref name="keepLatencies"/> latencies: a camera that yields a result every few seconds is judged on its last few
/// results rather than on none.
/// </summary>
internal sealed class LoadWindow(TimeSpan length, int keepLatencies = 0)
{
    private readonly Queue<(DateTimeOffset At, LatencySample Sample)> latencies = new();
    private readonly Queue<(DateTimeOffset At, int Count)> drops = new();
    private readonly Queue<(DateTimeOffset At, int Depth)> depths = new();

    public void AddLatency(DateTimeOffset at, LatencySample sample) => latencies.Enqueue((at, sample));

    public void AddDrops(DateTimeOffset at, int count) => drops.Enqueue((at, count));

    public void AddQueueDepth(DateTimeOffset at, int depth) => depths.Enqueue((at, depth));

    public void Prune(DateTimeOffset now)
    {
        var from = now - length;
        while (latencies.Count > keepLatencies && latencies.TryPeek(out var l) && l.At < from)
        {
            latencies.Dequeue();
        }

        while (drops.TryPeek(out var d) && d.At < from)
        {
            drops.Dequeue();
        }

        while (depths.TryPeek(out var q) && q.At < from)
        {
            depths.Dequeue();
        }
    }

    public void Clear()
    {
        latencies.Clear();
        drops.Clear();
        depths.Clear();
    }

    public Summary Summarize()
    {
        var samples = latencies.Select(l => l.Sample).ToArray();
        var sorted = samples.Select(s => s.Ms).ToArray();
        Array.Sort(sorted);
        return new Summary(sorted.Length, Percentiles.Of(sorted, 95), sorted.Length == 0 ? 0 : sorted[^1], drops.Sum(d => d.Count),
            depths.Count == 0 ? 0 : depths.Max(d => d.Depth), samples);
    }

    public readonly record struct Summary(int Samples, double P95, double Max, int Drops, int MaxQueueDepth, IReadOnlyList<LatencySample> Latencies);
}

