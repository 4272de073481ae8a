using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Inference.Batching;

/// <summary>
/// Cross-camera dynamic batching, as pure logic on explicit instants (the engine drives it from its
/// <see cref="TimeProvider"/>; tests from a fake clock). Requests are grouped by <see cref="BatchKey"/> (model and
/// shape). A group falls due when it holds <see cref="CurrentMaxBatchSize"/> requests, or when waiting any longer
/// would miss the target latency of its most urgent request:
/// <c>flushBy - predicted(batch size) &lt;= now</c>, where flushBy is the earlier of CapturedAt + target latency (the
/// request's own, else the configured one) and the request's deadline; and in any case once its oldest request
/// has waited <see cref="InferenceEngineOptions.MaxQueueDelayMs"/>, or at once when the group's recent arrivals say no
/// company will come within that wait (the company part of this class). Requests past their deadline, or that would pass it
/// during the learned forward time of the batch about to run, are removed as stale rather than run; that time ages, and a
/// camera without a forward pass for <see cref="InferenceEngineOptions.ProbeAfterMs"/> has one request put first into
/// the batch, a late one if need be (the liveness part of this class states the bound). Pending requests are bounded;
/// beyond the bound one is dropped (overload) as <see cref="OverloadPolicy"/> says.
/// Not thread-safe: the owner serialises calls.
/// </summary>
public sealed partial class DynamicBatcher<T>
{
    private readonly Dictionary<BatchKey, List<QueuedRequest<T>>> groups = [];
    private readonly LatencyPredictor predictor;
    private readonly TimeSpan targetLatency;
    private readonly TimeSpan maxQueueDelay;
    private readonly int maxPending;
    private readonly OverloadPolicy overloadPolicy;

    public DynamicBatcher(InferenceConfig config, InferenceEngineOptions options, LatencyPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(predictor);
        var errors = config.Validate().Concat(options.Validate()).ToArray();
        if (errors.Length > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(config));
        }

        this.predictor = predictor;
        targetLatency = TimeSpan.FromMilliseconds(config.TargetLatencyMs);
        maxQueueDelay = TimeSpan.FromMilliseconds(options.MaxQueueDelayMs);
        probeAfter = TimeSpan.FromMilliseconds(options.ProbeAfterMs);
        maxPending = options.MaxPendingRequests;
        overloadPolicy = options.OverloadPolicy;
        MaxBatchSize = config.EnableBatching ? config.MaxBatchSize : 1;
        CurrentMaxBatchSize = MaxBatchSize;
    }

    /// <summary>Requests pending, all groups together.</summary>
    public int Count { get; private set; }

    /// <summary>The configured limit: InferenceConfig.MaxBatchSize, or 1 when batching is disabled.</summary>
    public int MaxBatchSize { get; }

    /// <summary>The limit in force (set by the latency controller), 1..<see cref="MaxBatchSize"/>.</summary>
    public int CurrentMaxBatchSize { get; private set; }

    /// <summary>Sets the limit in force, clamped to 1..<see cref="MaxBatchSize"/>; returns the value in force.</summary>
    public int SetMaxBatchSize(int maxBatchSize) => CurrentMaxBatchSize = Math.Clamp(maxBatchSize, 1, MaxBatchSize);

    /// <summary>
    /// Queues <paramref name="request"/>. Returns the request dropped for overload to make room (the oldest or
    /// this one, as the policy says), or null when there was room.
    /// </summary>
    public QueuedRequest<T>? Add(InferenceRequest request, T state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        Arrived(request.Key, now);
        var targetBy = request.CapturedAt + (request.TargetLatency ?? targetLatency);
        var queued = new QueuedRequest<T>(request, state, now, targetBy < request.Deadline ? targetBy : request.Deadline);
        QueuedRequest<T>? dropped = null;
        if (Count >= maxPending)
        {
            if (overloadPolicy == OverloadPolicy.RejectNewest)
            {
                return queued;
            }

            dropped = MostUrgent();
            if (dropped is not null)
            {
                Remove(dropped);
            }
        }

        if (!groups.TryGetValue(request.Key, out var group))
        {
            group = [];
            groups.Add(request.Key, group);
        }

        // Most urgent first; arrivals are mostly in order, so search from the back.
        var index = group.Count;
        while (index > 0 && group[index - 1].FlushBy > queued.FlushBy)
        {
            index--;
        }

        group.Insert(index, queued);
        Count++;
        return dropped;
    }

    /// <summary>Removes the pending request queued with <paramref name="state"/> (e.g. its caller cancelled); false when none is pending.</summary>
    public bool Remove(InferenceRequest request, T state)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!groups.TryGetValue(request.Key, out var group))
        {
            return false;
        }

        var index = group.FindIndex(q => EqualityComparer<T>.Default.Equals(q.State, state));
        if (index < 0)
        {
            return false;
        }

        Remove(group[index]);
        return true;
    }

    private void Remove(QueuedRequest<T> queued)
    {
        var group = groups[queued.Request.Key];
        group.Remove(queued);
        Count--;
        if (group.Count == 0)
        {
            groups.Remove(queued.Request.Key);
        }
    }

    /// <summary>
    /// At <paramref name="now"/>: removes stale requests and takes the most urgent due batch, if any.
    /// <paramref name="flushAll"/> makes every group due at once (shutting down).
    /// </summary>
    public BatchPoll<T> Poll(DateTimeOffset now, bool flushAll = false)
    {
        var stale = RemoveStale(now);
        while (true)
        {
            var (dueKey, nextDue) = FindDue(now, flushAll);
            if (dueKey is not { } taken)
            {
                return new BatchPoll<T>(stale, null, null, nextDue);
            }

            stale.AddRange(RemoveLate(taken, now, out var owed));
            if (!groups.ContainsKey(taken))
            {
                continue; // all of that group would have finished late: look again (each pass removes a group)
            }

            var batch = TakeBatch(taken, owed, now);
            if (groups.TryGetValue(taken, out var rest))
            {
                var at = DueAt(taken, rest);
                nextDue = nextDue is null || at < nextDue ? at : nextDue;
            }

            return new BatchPoll<T>(stale, batch, taken, nextDue);
        }
    }
}
