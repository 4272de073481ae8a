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
    /// CPU the on-time ones need, so the queue never catches up. Hence only past capacity: while requests are waiting
    /// that this batch will not take (with nothing else waiting, running the request delays no one and may still give a
    /// result in time). Only on a learned time for that batch size (never on the prior) that a batch of this size
    /// confirmed within the probe interval, and on the mean rather than the margin the flush is planned with: a request
    /// more likely than not to finish in time runs. Cameras owed a pass keep one request each (<paramref name="owed"/>,
    /// see <see cref="Owed"/>).
    /// </summary>
    private List<QueuedRequest<T>> RemoveLate(BatchKey key, DateTimeOffset now, out List<QueuedRequest<T>> owed)
    {
        var group = groups[key];
        var size = Math.Min(group.Count, CurrentMaxBatchSize);
        DateTimeOffset? lateBefore = Count > size && Confirmed(key, size, now) && predictor.Expected(key, size) is { } mean ? now + mean : null;
        owed = Owed(group, lateBefore, now);
        if (lateBefore is not { } before)
        {
            return [];
        }

        var kept = owed;
        bool Late(QueuedRequest<T> q) => q.Request.Deadline < before && !kept.Exists(o => ReferenceEquals(o, q));
        var late = group.FindAll(Late);
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
    /// or when its oldest request has waited the longest queue delay, whichever is first; when no company is expected,
    /// as soon as its oldest request arrived.
    /// </summary>
    private DateTimeOffset DueAt(BatchKey key, List<QueuedRequest<T>> group)
    {
        var oldest = group.Min(q => q.EnqueuedAt);
        if (!CompanyExpected(key))
        {
            return oldest;
        }

        var byBudget = group[0].FlushBy - predictor.Predict(key, Math.Min(group.Count, CurrentMaxBatchSize));
        var byDelay = oldest + maxQueueDelay;
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

        Served(key, batch, now);
        return batch;
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
