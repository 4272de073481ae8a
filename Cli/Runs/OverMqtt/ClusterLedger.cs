using EdgeVision.Cli.Live;
using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs.InProcess;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// The sequences a <c>--cluster</c> run sent and what became of each: a result matched by sequence number (the results
/// topic is this camera's own), a drop the publisher reported (offline queue, refused by the broker), or, once the wait
/// for results is over, <see cref="DropReason.NoResult"/>. Every outcome goes to the report's recorder, the progress
/// monitor and the observer, exactly once per sequence. Thread-safe: results arrive on MQTTnet's receive loop.
/// </summary>
internal sealed class ClusterLedger(TimeProvider time, DateTimeOffset startedAt, OutcomeRecorder recorder, PerformanceMonitor monitor, IRunObserver observer)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, SentSequence> _pending = [];
    private readonly Lock _observerGate = new();
    private readonly List<(string Name, string Version)> _models = [];
    private TaskCompletionSource _settled = NewSignal();
    private long _unmatched;
    private long _undecodable;
    private int _largestBatch;
    private DateTimeOffset? _lastResultAt;

    /// <summary>Results for sequence numbers this run did not send or already settled (another publisher on this camera, a redelivery).</summary>
    public long Unmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Messages on the results topic that were not valid result JSON.</summary>
    public long Undecodable => Interlocked.Read(ref _undecodable);

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>When the latest matched result arrived; null before the first.</summary>
    public DateTimeOffset? LastResultAt
    {
        get
        {
            lock (_gate)
            {
                return _lastResultAt;
            }
        }
    }

    /// <summary>The largest batch any result reports.</summary>
    public int LargestBatch
    {
        get
        {
            lock (_gate)
            {
                return _largestBatch;
            }
        }
    }

    /// <summary>The models that served this run's results, in order of appearance.</summary>
    public IReadOnlyList<(string Name, string Version)> Models
    {
        get
        {
            lock (_gate)
            {
                return [.. _models];
            }
        }
    }

    /// <summary>Completes when nothing sent is still waiting for its outcome (a new one is made per wait).</summary>
    public Task WhenSettled
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count == 0 ? Task.CompletedTask : _settled.Task;
            }
        }
    }

    /// <summary>Remembers a sequence before it is published, so a result that is quicker than the publish call is matched.</summary>
    public void Sent(SentSequence sequence)
    {
        recorder.RecordSubmitted();
        lock (_gate)
        {
            _pending.Add(sequence.Number, sequence);
        }
    }

    /// <summary>A message from the results topic, received at <paramref name="receivedAt"/>.</summary>
    public void OnResultPayload(ReadOnlySpan<byte> payload, DateTimeOffset receivedAt)
    {
        var decoded = JsonMessageCodec.TryDecodeInferenceResult(payload);
        if (!decoded.IsSuccess)
        {
            Interlocked.Increment(ref _undecodable);
            return;
        }

        var result = decoded.Value;
        if (Take(result.SequenceNumber) is not { } sent)
        {
            Interlocked.Increment(ref _unmatched);
            return;
        }

        var batch = Math.Max(1, result.AdaptiveState.BatchSize);
        lock (_gate)
        {
            if (!_models.Contains((result.ModelName, result.ModelVersion)))
            {
                _models.Add((result.ModelName, result.ModelVersion));
            }

            _largestBatch = Math.Max(_largestBatch, batch);
            _lastResultAt = receivedAt > _lastResultAt ? receivedAt : _lastResultAt ?? receivedAt;
        }

        var latency = receivedAt - sent.LastCapture;
        var inference = TimeSpan.FromMilliseconds(result.InferenceLatencyMs);
        // The silo's own span from capture to completion, less the forward pass: transport to the silo, decoding, queueing.
        var beforeInference = TimeSpan.FromMilliseconds(Math.Max(0, result.EndToEndLatencyMs - result.InferenceLatencyMs));
        recorder.RecordCompleted((receivedAt - startedAt).TotalSeconds, latency, receivedAt - sent.FirstCapture, beforeInference, inference, batch);
        monitor.RecordResult(latency, inference, sent.Frames);
        var top = result.TopK.Select(s => new LabelScoreRecord(s.Label, s.Confidence)).Take(SequenceSubmitter.TopClasses).ToArray();
        // The result's own (the silo derives it from the labels the frames carried over the wire); for a silo that reports
        // none, that of the frames this run sent, by the same rule.
        var trueLabel = result.TrueLabel ?? sent.TrueLabel;
        recorder.RecordPrediction(top.FirstOrDefault()?.Label, trueLabel);
        Observe(new PredictionRecord(sent.Number, sent.FirstFrame, sent.LastFrame, sent.LastCapture, receivedAt, "completed",
            top.FirstOrDefault()?.Label, trueLabel, top.FirstOrDefault()?.Confidence, top, latency.TotalMilliseconds, result.InferenceLatencyMs,
            beforeInference.TotalMilliseconds, batch, result.AdaptiveState.Width, result.AdaptiveState.Height, result.ModelVersion, null));
    }

    /// <summary>A sequence that will never reach the silo (the publisher dropped it) or whose result is given up on.</summary>
    public void Dropped(long number, DropReason reason)
    {
        if (Take(number) is not { } sent)
        {
            return;
        }

        Record(sent, reason);
    }

    /// <summary>Gives up on every sequence still waiting: each is counted under <paramref name="reason"/>.</summary>
    public int GiveUp(DropReason reason)
    {
        SentSequence[] left;
        lock (_gate)
        {
            left = [.. _pending.Values.OrderBy(s => s.Number)];
            _pending.Clear();
            _settled.TrySetResult();
        }

        foreach (var sent in left)
        {
            Record(sent, reason);
        }

        return left.Length;
    }

    private void Record(SentSequence sent, DropReason reason)
    {
        recorder.RecordDropped(reason);
        monitor.RecordDrop(reason);
        var now = time.GetUtcNow();
        Observe(new PredictionRecord(sent.Number, sent.FirstFrame, sent.LastFrame, sent.LastCapture, now, "dropped", null, sent.TrueLabel, null, [],
            (now - sent.LastCapture).TotalMilliseconds, null, null, 0, sent.Width, sent.Height, null, reason.Tag()));
    }

    private SentSequence? Take(long number)
    {
        lock (_gate)
        {
            if (!_pending.Remove(number, out var sent))
            {
                return null;
            }

            if (_pending.Count == 0)
            {
                _settled.TrySetResult();
                _settled = NewSignal();
            }

            return sent;
        }
    }

    /// <summary>Hands a settings change to the observer, never at the same time as a sequence's outcome.</summary>
    public void Observe(AdaptiveChange change)
    {
        lock (_observerGate)
        {
            observer.OnAdaptiveChange(change);
        }
    }

    private void Observe(PredictionRecord record)
    {
        lock (_observerGate)
        {
            observer.OnSequence(record);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
