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
    /// Removes, as stale, the requests of group <paramref name="key"/> whose deadline falls before now + the learned
    /// forward time of the batch about to run. Past capacity such requests would still run and finish late, burning
    /// the CPU the on-time ones need, so the queue never catches up. Only on a learned estimate for that batch size
    /// (never on the prior). A learned time at least a request's whole budget (deadline - capture) is not held
    /// against it: it could never make it, and dropping every such request would leave the group with no forward
    /// pass to learn a shorter time from, starving the camera; a request whose deadline is further away than the
    /// forward time always runs.
    /// </summary>
    private List<QueuedRequest<T>> RemoveLate(BatchKey key, DateTimeOffset now)
    {
        var group = groups[key];
        var size = Math.Min(group.Count, CurrentMaxBatchSize);
        if (predictor.Observations(key, size) == 0)
        {
            return [];
        }

        var forward = predictor.Predict(key, size);
        bool Late(QueuedRequest<T> q) => q.Request.Deadline < now + forward && forward < q.Request.Deadline - q.Request.CapturedAt;
        var late = group.Where(Late).ToList();
        if (late.Count > 0)
        {
            Count -= group.RemoveAll(Late);
            if (group.Count == 0)
            {
                groups.Remove(key);
            }
        }

        return late;
    }

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

    private List<QueuedRequest<T>> TakeBatch(BatchKey key)
    {
        var group = groups[key];
        var size = Math.Min(group.Count, CurrentMaxBatchSize);
        var batch = group.GetRange(0, size);
        group.RemoveRange(0, size);
        Count -= size;
        if (group.Count == 0)
        {
            groups.Remove(key);
        }

        return batch;
    }

    private List<QueuedRequest<T>> RemoveStale(DateTimeOffset now)
    {
        List<QueuedRequest<T>> stale = [];
        foreach (var group in groups.Values)
        {
            stale.AddRange(group.Where(q => q.Request.Deadline <= now));
            Count -= group.RemoveAll(q => q.Request.Deadline <= now);
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
