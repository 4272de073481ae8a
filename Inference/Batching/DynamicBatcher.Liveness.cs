namespace EdgeVision.Inference.Batching;

/// <summary>
/// The liveness side of <see cref="DynamicBatcher{T}"/>: no learned estimate may keep a camera without forward passes.
/// <para>
/// The late-drop judges requests on a learned forward time, and that time changes only when a pass runs: on its own it
/// could drop every request of a camera forever (an estimate just above what transport leaves of the budget, or one
/// learned in a slow spell for a batch size that then never runs again). Two rules prevent it. Estimates age: a time for
/// a group and batch size that no batch of that size confirmed within <see cref="InferenceEngineOptions.ProbeAfterMs"/>
/// drops nothing, so that batch runs and is measured again. Passes are owed: a camera with no forward pass for
/// ProbeAfterMs has one request put first into its group's next batch, its most urgent request that is in time, else its
/// freshest late one (a probe).
/// </para>
/// <para>
/// Bound: neither the late-drop nor other cameras' more urgent requests keep a camera without a forward pass for longer
/// than ProbeAfterMs plus the wait for the engine to poll one of its requests before that request's deadline (a late
/// request is due at once; one in time by its flush time or the queue delay). DynamicBatcherLivenessTests checks, over
/// random runs, passes at most ProbeAfterMs + the camera's longest gap between sequences + the longest pass +
/// MaxQueueDelayMs apart: for a camera alone, and for cameras sharing a model whose sequences arrive with a pass and a
/// queue delay of budget left. Cost: at most one late request per camera, and one batch per group and size, per
/// ProbeAfterMs; nothing for cameras and sizes being served. Not overridden: the deadline and the pending bound. A
/// camera whose sequences expire while the engine is busy with others lacks capacity; those drops are counted as stale
/// or overload.
/// </para>
/// </summary>
public sealed partial class DynamicBatcher<T>
{
    private readonly TimeSpan probeAfter;
    private readonly Dictionary<string, DateTimeOffset> lastForward = new(StringComparer.Ordinal);
    private readonly Dictionary<(BatchKey Key, int Size), DateTimeOffset> lastRun = [];
    private DateTimeOffset lastPruned = DateTimeOffset.MinValue;

    /// <summary>Whether a batch of group <paramref name="key"/> and this size ran within the probe interval.</summary>
    private bool Confirmed(BatchKey key, int size, DateTimeOffset now) =>
        lastRun.TryGetValue((key, size), out var at) && now - at < probeAfter;

    /// <summary>
    /// One request of each camera of <paramref name="group"/> owed a pass: its most urgent request that is in time (the
    /// group is kept most urgent first), else its freshest late one (deadline before <paramref name="lateBefore"/>).
    /// </summary>
    private List<QueuedRequest<T>> Owed(List<QueuedRequest<T>> group, DateTimeOffset? lateBefore, DateTimeOffset now)
    {
        List<QueuedRequest<T>> owed = [];
        Dictionary<string, int>? chosen = null;
        foreach (var queued in group)
        {
            var camera = queued.Request.CameraId;
            if (lastForward.TryGetValue(camera, out var last) && now - last < probeAfter)
            {
                continue;
            }

            chosen ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (!chosen.TryGetValue(camera, out var index))
            {
                chosen.Add(camera, owed.Count);
                owed.Add(queued);
            }
            else if (Late(owed[index]) && (!Late(queued) || queued.Request.Deadline > owed[index].Request.Deadline))
            {
                owed[index] = queued;
            }
        }

        return owed;

        bool Late(QueuedRequest<T> q) => q.Request.Deadline < lateBefore;
    }

    /// <summary>Records the pass of <paramref name="batch"/>; entries older than the probe interval mean the same as none.</summary>
    private void Served(BatchKey key, List<QueuedRequest<T>> batch, DateTimeOffset now)
    {
        if (now - lastPruned >= probeAfter)
        {
            lastPruned = now;
            foreach (var camera in lastForward.Where(c => now - c.Value >= probeAfter).Select(c => c.Key).ToArray())
            {
                lastForward.Remove(camera);
            }

            foreach (var run in lastRun.Where(r => now - r.Value >= probeAfter).Select(r => r.Key).ToArray())
            {
                lastRun.Remove(run);
            }
        }

        foreach (var queued in batch)
        {
            lastForward[queued.Request.CameraId] = now;
        }

        lastRun[(key, batch.Count)] = now;
    }
}
