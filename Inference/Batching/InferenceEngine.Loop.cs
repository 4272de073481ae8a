using System.Buffers;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Runtime;

namespace EdgeVision.Inference.Batching;

/// <summary>The inference thread: poll the batcher, drop what is stale, run what is due, sleep until the next due time.</summary>
public sealed partial class InferenceEngine
{
    private static readonly TimeSpan IdleRecheck = TimeSpan.FromSeconds(1);

    private void Run()
    {
        while (true)
        {
            try
            {
                if (!Step())
                {
                    break;
                }
            }
            catch (Exception e)
            {
                // Nothing in a step is expected to throw (a failed forward pass is handled per batch); if something
                // does, the thread must not die with requests waiting on it.
                LogLoopFailed(logger, e);
                wake.WaitOne(IdleRecheck);
            }
        }

        LogStopped(logger);
        stopped.TrySetResult();
    }

    /// <summary>One pass of the loop; false when stopping and nothing is left.</summary>
    private bool Step()
    {
        BatchPoll<PendingInference> poll;
        lock (gate)
        {
            var now = time.GetUtcNow();
            poll = batcher.Poll(now, flushAll: stopping);
            Volatile.Write(ref queueDepth, batcher.Count);
            if (poll.Batch is null && poll.Stale.Count == 0)
            {
                if (stopping)
                {
                    return false;
                }

                // A fresh one-shot timer per sleep: re-arming one timer races with a fake clock's firing of it.
                timer?.Dispose();
                timer = poll.NextDueAt is { } due
                    ? time.CreateTimer(static state => ((InferenceEngine)state!).Signal(), this, due - now, Timeout.InfiniteTimeSpan)
                    : null;

                // The clock may have passed the due time while this was planned (a timer set late would then
                // wait a whole period): look again instead of sleeping.
                if (poll.NextDueAt is { } next && time.GetUtcNow() >= next)
                {
                    return true;
                }
            }
        }

        foreach (var stale in poll.Stale)
        {
            Drop(stale.State, DropReason.Stale, $"Its deadline {stale.Request.Deadline:O} passed, or would pass during the predicted forward pass, before it could run.", stale.EnqueuedAt);
        }

        if (poll.Batch is not null)
        {
            Execute(poll.Key!.Value, poll.Batch);
        }
        else if (poll.Stale.Count == 0)
        {
            // Woken by a new request, the due-time timer or disposal; the bounded wait is a safety net for a
            // clock that moved between planning and arming the timer (a test's fake clock).
            wake.WaitOne(IdleRecheck);
        }

        return true;
    }

    private void Execute(BatchKey key, IReadOnlyList<QueuedRequest<PendingInference>> batch)
    {
        // Requests cancelled after the batcher handed them over are this thread's to release.
        foreach (var cancelled in batch.Where(q => q.State.IsCompleted))
        {
            cancelled.Request.Frames.Dispose();
        }

        var live = batch.Where(q => !q.State.IsCompleted).ToArray();
        if (live.Length == 0)
        {
            return;
        }

        var startedAt = time.GetUtcNow();
        var elements = (int)live[0].Request.Elements;
        var buffer = ArrayPool<float>.Shared.Rent(elements * live.Length);
        try
        {
            using var lease = catalog.Acquire(key.ModelKey);
            var pixels = lease.Description.Pixels;
            var normalizing = time.GetTimestamp();
            for (var i = 0; i < live.Length; i++)
            {
                // The one pass that turns the sequence's bytes into model input, written where the batch tensor reads it,
                // in the model's layout, channel order and normalisation.
                var frames = live[i].Request.Frames;
                frames.WriteTo(buffer.AsSpan(i * elements, elements), pixels);
                frames.Dispose();
            }

            var normalized = time.GetElapsedTime(normalizing);
            var shape = new FrameBatchShape(live.Length, key.Sequence, key.Channels, key.Height, key.Width);
            var started = time.GetTimestamp();
            var rows = lease.Session.Predict(buffer.AsMemory(0, elements * live.Length), shape);
            var elapsed = time.GetElapsedTime(started);
            if (ExtraForwardTime is { Ticks: > 0 } extra)
            {
                // A slower model, asked for by configuration: the thread is busy for as long as that model would keep it.
                Thread.Sleep(extra);
                elapsed += extra;
            }
            Predictor.Observe(key, live.Length, elapsed);
            instruments.BatchCompleted(key.ModelKey, live.Length, elapsed);
            var completedAt = time.GetUtcNow();
            for (var i = 0; i < live.Length; i++)
            {
                live[i].State.Complete(new InferenceOutcome(
                    InferenceStatus.Completed, rows[i], null, null, live.Length, startedAt - live[i].EnqueuedAt, elapsed, completedAt, lease.Version, lease.Labels)
                {
                    NormalizeDuration = normalized,
                    ModelKey = lease.Key,
                });
            }
        }
        catch (Exception e)
        {
            // The engine keeps serving: only this batch fails, each of its requests as a counted drop.
            LogBatchFailed(logger, e, live.Length, key.ToString());
            foreach (var queued in live)
            {
                Drop(queued.State, DropReason.Invalid, $"The forward pass of its batch ({live.Length} x {key}) failed: {e.Message}", queued.EnqueuedAt);
            }
        }
        finally
        {
            foreach (var queued in live)
            {
                queued.Request.Frames.Dispose();
            }

            // Predict built its tensor over the buffer and disposed it before returning: nothing reads it any more.
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private void Drop(PendingInference pending, DropReason reason, string detail, DateTimeOffset enqueuedAt)
    {
        pending.Request.Frames.Dispose();
        var now = time.GetUtcNow();
        instruments.Dropped(pending.Request.ModelKey, reason);
        LogDropped(logger, pending.Request.CameraId, reason, detail);
        pending.Complete(InferenceOutcome.Dropped(reason, detail, now - enqueuedAt, now));
    }

    private void Cancel(PendingInference pending)
    {
        lock (gate)
        {
            if (batcher.Remove(pending.Request, pending))
            {
                Volatile.Write(ref queueDepth, batcher.Count);
                pending.Request.Frames.Dispose();
            }
        }
    }

    private void Signal()
    {
        lock (gate)
        {
            SignalLocked();
        }
    }

    private void SignalLocked()
    {
        if (!disposed)
        {
            wake.Set();
        }
    }

    /// <summary>Stops intake; false when already stopping.</summary>
    private bool BeginStop()
    {
        lock (gate)
        {
            if (stopping)
            {
                return false;
            }

            stopping = true;
            SignalLocked();
            return true;
        }
    }

    private void EndStop()
    {
        lock (gate)
        {
            disposed = true;
            timer?.Dispose();
            timer = null;
        }

        wake.Dispose();
    }
}
