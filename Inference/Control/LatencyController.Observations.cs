using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Inference.Control;

/// <summary>What <see cref="LatencyController"/> is told: latencies, load-shedding drops and queue depths.</summary>
public sealed partial class LatencyController
{
    /// <summary>
    /// Records the end-to-end latency (capture to result) of one completed sequence, accepted for processing at
    /// <paramref name="acceptedAt"/> (null: now), with where it went when known (<paramref name="parts"/>; without it the
    /// whole latency counts as shrinkable by every knob). A sequence accepted before the last change is not counted.
    /// </summary>
    public void RecordLatency(TimeSpan endToEnd, DateTimeOffset? acceptedAt = null, LatencyBreakdown? parts = null)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (Counts(now, acceptedAt))
            {
                window.AddLatency(now, new LatencySample(endToEnd.TotalMilliseconds, parts));
                if (parts is not null)
                {
                    floors.Observe(parts.DecodeMs, parts.ForwardMs);
                }
            }
        }
    }

    /// <summary>
    /// Records drops of work accepted at <paramref name="acceptedAt"/> (null: now, e.g. refused on arrival); only
    /// <see cref="DropReason.Stale"/> and <see cref="DropReason.Overload"/> say the pipeline is behind.
    /// </summary>
    public void RecordDrop(DropReason reason, int count = 1, DateTimeOffset? acceptedAt = null)
    {
        if (reason is DropReason.Stale or DropReason.Overload && count > 0)
        {
            lock (gate)
            {
                var now = time.GetUtcNow();
                if (Counts(now, acceptedAt))
                {
                    window.AddDrops(now, count);
                }
            }
        }
    }

    /// <summary>Observations discarded because their work was accepted before the last change (so far).</summary>
    public long DiscountedObservations
    {
        get
        {
            lock (gate)
            {
                return discounted;
            }
        }
    }

    private bool Counts(DateTimeOffset now, DateTimeOffset? acceptedAt)
    {
        if (now < warmUntil)
        {
            return false;
        }

        if (acceptedAt < lastChangeAt)
        {
            discounted++;
            return false;
        }

        return true;
    }

    /// <summary>Records the inference queue depth seen now.</summary>
    public void RecordQueueDepth(int depth)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (now >= warmUntil)
            {
                window.AddQueueDepth(now, depth);
            }
        }
    }
}
