using EdgeVision.Cli.Plotting;
using EdgeVision.Cli.Reports;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// Every sequence's fate for the final report: latencies of completed sequences (kept whole, so percentiles are
/// exact over the run), batch sizes, drops by reason, and how many predictions matched the ground truth where the
/// source carried one. Thread-safe: outcomes arrive from the engine's thread.
/// </summary>
internal sealed class OutcomeRecorder
{
    private readonly Lock _gate = new();
    private readonly List<double> _endToEnd = [];
    private readonly List<double> _sinceFirstFrame = [];
    private readonly List<double> _queueWait = [];
    private readonly List<double> _inference = [];
    private readonly List<LatencySample> _timeline = [];
    private readonly SortedDictionary<int, long> _sequencesByBatchSize = [];
    private readonly long[] _drops = new long[DropReasons.All.Count];
    private long _submitted;
    private long _judged;
    private long _correct;

    public long Submitted => Interlocked.Read(ref _submitted);

    public long Completed
    {
        get
        {
            lock (_gate)
            {
                return _endToEnd.Count;
            }
        }
    }

    public void RecordSubmitted() => Interlocked.Increment(ref _submitted);

    public void RecordCompleted(double atSeconds, TimeSpan endToEnd, TimeSpan sinceFirstFrame, TimeSpan queueWait, TimeSpan inference, int batchSize)
    {
        lock (_gate)
        {
            _endToEnd.Add(endToEnd.TotalMilliseconds);
            _sinceFirstFrame.Add(sinceFirstFrame.TotalMilliseconds);
            _queueWait.Add(queueWait.TotalMilliseconds);
            _inference.Add(inference.TotalMilliseconds);
            _timeline.Add(new LatencySample(atSeconds, endToEnd.TotalMilliseconds));
            _sequencesByBatchSize[batchSize] = _sequencesByBatchSize.GetValueOrDefault(batchSize) + 1;
        }
    }

    /// <summary>A completed sequence's top prediction against its true label; nothing is counted without one.</summary>
    public void RecordPrediction(string? label, string? trueLabel)
    {
        if (trueLabel is null)
        {
            return;
        }

        lock (_gate)
        {
            _judged++;
            _correct += string.Equals(label, trueLabel, StringComparison.Ordinal) ? 1 : 0;
        }
    }

    /// <summary>Top-1 accuracy over the completed sequences that had a true label; null when none had.</summary>
    public AccuracyReport? Accuracy()
    {
        lock (_gate)
        {
            return _judged == 0 ? null : new AccuracyReport((double)_correct / _judged, _judged, _correct);
        }
    }

    public void RecordDropped(DropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    public long DroppedCount(DropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    public IReadOnlyList<LatencySample> Timeline()
    {
        lock (_gate)
        {
            return [.. _timeline];
        }
    }

    public LatencyReport Latency()
    {
        lock (_gate)
        {
            return new LatencyReport(LatencyStats.From(_endToEnd), LatencyStats.From(_sinceFirstFrame), LatencyStats.From(_queueWait),
                LatencyStats.From(_inference));
        }
    }

    /// <summary>
    /// Forward passes by size. Every request in this process comes from this run, so a pass of n sequences
    /// completed n of them: passes = sequences / n.
    /// </summary>
    public BatchReport Batches(int maxBatchSize)
    {
        lock (_gate)
        {
            var bySize = _sequencesByBatchSize.Select(p => new BatchSizeUsage(p.Key, (p.Value + p.Key - 1) / p.Key, p.Value)).ToArray();
            var passes = bySize.Sum(b => b.ForwardPasses);
            return new BatchReport(maxBatchSize, bySize, passes > 0 ? (double)bySize.Sum(b => b.Sequences) / passes : 0);
        }
    }
}
