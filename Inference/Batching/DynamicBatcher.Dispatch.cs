namespace EdgeVision.Inference.Batching;

/// <summary>The dispatch side of <see cref="DynamicBatcher{T}"/>: which group is due, and what leaves it as a batch or as stale.</summary>
public sealed partial class DynamicBatcher<T>
{
    private (BatchKey? DueKey, DateTimeOffset? NextDue) FindDue(DateTimeOffset now, bool flushAll)
    {
        BatchKey? dueKey = null;
        DateTimeOffset? dueAt = null;
        DateTimeOffset? nextDue = null;
        foreach (var (key, group) in groups)
        {
            var at = DueAt(key, group);
            var due = flushAll || group.Count >= CurrentMaxBatchSize || at <= now;
            if (due && (dueAt is null || at < dueAt))
            {
                dueKey = key;
                dueAt = at;
            }
            else if (!due && (nextDue is null || at < nextDue))
            {
                nextDue = at;
            }
        }

        return (dueKey, nextDue);
    }

    /// <summary>
    /// Removes, as stale, the requests of group <paramref name="key"/> whose deadline falls before now + the learned mean
    /// forward time of the batch about to run. Past capacity such requests would still run and finish late, burning the
    /// CPU the on-time ones need, so the queue never catches up. Only on a learned time for that batch size (never on
    /// the prior), and on the mean rather than the margin the flush is planned with: a request more likely than not to
    /// finish in time runs.
    /// <para>
    /// The learned time changes only when a pass runs, so dropping on it alone could drop every request of a camera
    /// forever (an estimate just above what transport leaves of the budget). Hence: a camera owed a pass (none for
    /// <see cref="InferenceEngineOptions.ProbeAfterMs"/>) has one request put first into this batch (<paramref name="owed"/>):
    /// its most urgent request that is in time, else its freshest late one, kept as a probe whose pass refreshes the
    /// estimate. Bound: neither the late-drop nor other cameras' more urgent requests keep a camera without a forward pass
    /// for longer than ProbeAfterMs plus the wait for the engine to poll one of its requests before that request's
    /// deadline (a late request is due at once; one in time by its flush time or queue delay). DynamicBatcherLivenessTests
    /// checks, over random runs, passes at most ProbeAfterMs + the camera's longest gap between sequences + the longest
    /// pass + MaxQueueDelayMs apart: for a camera alone, and for cameras sharing a model whose sequences arrive with a
    /// pass and a queue delay of budget left. Cost: at most one late request per camera per ProbeAfterMs, none for a
    /// camera being served. Not overridden: the deadline and the pending bound. A camera whose sequences expire while
    /// the engine is busy with others lacks capacity; those drops are counted as stale or overload.
    /// </para>
    /// </summary>
    private List<QueuedRequest<T>> RemoveLate(BatchKey key, DateTimeOffset now, out List<QueuedRequest<T>> owed)
    {
        var group = groups[key];
        var forward = predictor.Expected(key, Math.Min(group.Count, CurrentMaxBatchSize));
        var late = forward is { } mean ? group.Where(q => q.Request.Deadline < now + mean).ToList() : [];
        var isLate = late.ToHashSet(ReferenceEqualityComparer.Instance);
        owed = [.. group
            .Where(q => DueForProbe(q.Request.CameraId, now))
            .GroupBy(q => q.Request.CameraId, StringComparer.Ordinal)
            .Select(camera => camera.FirstOrDefault(q => !isLate.Contains(q)) ?? camera.MaxBy(q => q.Request.Deadline)!)];
        if (late.Count == 0)
        {
            return late;
        }

        isLate.ExceptWith(owed);
        late.RemoveAll(q => !isLate.Contains(q));
        Count -= group.RemoveAll(isLate.Contains);
        if (group.Count == 0)
        {
            groups.Remove(key);
        }

        return late;
    }

    private bool DueForProbe(string camera, DateTimeOffset now) =>
        !lastForward.TryGetValue(camera, out var last) || now - last >= probeAfter;

    /// <summary>
    /// When a group falls due if nothing else arrives: its most urgent flush time minus the predicted forward pass,
    /// or when its oldest request has waited the longest queue delay, whichever is first.
    /// </summary>
    private DateTimeOffset DueAt(BatchKey key, List<QueuedRequest<T>> group)
    {
        var byBudget = group[0].FlushBy - predictor.Predict(key, Math.Min(group.Count, CurrentMaxBatchSize));
        var byDelay = group.Min(q => q.EnqueuedAt) + maxQueueDelay;
        return byDelay < byBudget ? byDelay : byBudget;
    }

    /// <summary>Takes the batch: <paramref name="owed"/> first, then the most urgent; records each camera's forward pass.</summary>
    private List<QueuedRequest<T>> TakeBatch(BatchKey key, List<QueuedRequest<T>> owed, DateTimeOffset now)
    {
        var group = groups[key];
        var size = Math.Min(group.Count, CurrentMaxBatchSize);
        List<QueuedRequest<T>> batch;
        if (owed.Count == 0)
        {
            batch = group.GetRange(0, size);
            group.RemoveRange(0, size);
        }
        else
        {
            batch = [.. owed.Take(size)];
            var taken = batch.ToHashSet(ReferenceEqualityComparer.Instance);
            batch.AddRange(group.Where(q => !taken.Contains(q)).Take(size - batch.Count));
            taken.UnionWith(batch);
            group.RemoveAll(taken.Contains);
        }

        Count -= size;
        if (group.Count == 0)
        {
            groups.Remove(key);
        }

        Served(batch, now);
        return batch;
    }

    // Cameras served more than a probe interval ago are due for a probe either way: forgetting them bounds the table.
    private void Served(List<QueuedRequest<T>> batch, DateTimeOffset now)
    {
        foreach (var camera in lastForward.Where(c => now - c.Value >= probeAfter).Select(c => c.Key).ToArray())
        {
            lastForward.Remove(camera);
        }

        foreach (var queued in batch)
        {
            lastForward[queued.Request.CameraId] = now;
        }
    }

    // Past means after: a group is planned to fall due by its flush time (at the latest the deadline) minus the predicted
    // pass, so a request polled at exactly its deadline (a learned time of zero) still runs rather than expiring every time.
    private List<QueuedRequest<T>> RemoveStale(DateTimeOffset now)
    {
        List<QueuedRequest<T>> stale = [];
        foreach (var group in groups.Values)
        {
            stale.AddRange(group.Where(q => q.Request.Deadline < now));
            Count -= group.RemoveAll(q => q.Request.Deadline < now);
        }

        foreach (var key in groups.Where(g => g.Value.Count == 0).Select(g => g.Key).ToArray())
        {
            groups.Remove(key);
        }

        return stale;
    }

    private QueuedRequest<T>? MostUrgent() =>
        groups.Values.Select(g => g[0]).MinBy(q => q.FlushBy);
}
