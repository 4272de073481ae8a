using EdgeVision.Cli.Live;
using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs.InProcess;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Edge.Accountability;
using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// What became of each sequence a <c>--cluster</c> run sent, as the edge's <see cref="SequenceLedger"/> settles it
/// (<see cref="Settled"/>): a result, a silo's drop notice with its reason, a publisher drop, or <c>no_result</c>. Each goes to the
/// report's recorder, the progress monitor and the observer with what this run knows of the sequence (its frames, capture
/// times, true label), and is tallied for the report's <c>cluster</c> object, where <c>published</c> (sequences the broker
/// acknowledged at least once) is checked against results, silo drops and <c>no_result</c>. Thread-safe: outcomes and
/// acknowledgements arrive on MQTTnet's loops and the ledger's timer.
/// </summary>
internal sealed class ClusterOutcomes(TimeProvider time, DateTimeOffset startedAt, OutcomeRecorder recorder, PerformanceMonitor monitor, IRunObserver observer)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Sent> _sent = [];
    private readonly HashSet<long> _settledBeforeAcknowledged = [];
    private readonly SortedDictionary<string, long> _siloDropped = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _publisherDropped = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Version)> _models = [];
    private readonly Lock _observerGate = new();
    private long _published;
    private long _results;
    private long _noResult;
    private long _republishDropped;
    private int _largestBatch;
    private DateTimeOffset? _lastOutcomeAt;

    /// <summary>The run's tally so far.</summary>
    public ClusterTally Tally()
    {
        lock (_gate)
        {
            return new ClusterTally(_published, _results, new Dictionary<string, long>(_siloDropped, StringComparer.Ordinal), _noResult,
                new Dictionary<string, long>(_publisherDropped, StringComparer.Ordinal), _republishDropped);
        }
    }

    /// <summary>When the latest result or drop notice arrived; null before the first.</summary>
    public DateTimeOffset? LastOutcomeAt
    {
        get
        {
            lock (_gate)
            {
                return _lastOutcomeAt;
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

    /// <summary>Remembers what the report needs of a sequence taken from the stream, before the ledger keeps it.</summary>
    public void Taken(SentSequence sequence)
    {
        recorder.RecordSubmitted();
        lock (_gate)
        {
            _sent[sequence.Number] = new Sent(sequence);
        }
    }

    /// <summary>The broker acknowledged a publish of sequence <paramref name="number"/> (the first, or its republish).</summary>
    public void Acknowledged(long number)
    {
        lock (_gate)
        {
            if (_sent.TryGetValue(number, out var sent))
            {
                // A republish is acknowledged too: the sequence counts once.
                _published += sent.Acknowledged ? 0 : 1;
                sent.Acknowledged = true;
            }
            else if (_settledBeforeAcknowledged.Remove(number))
            {
                _published++;
            }
        }
    }

    /// <summary>The ledger settled a sequence of this run.</summary>
    public void Settled(SettledSequence settled)
    {
        var now = time.GetUtcNow();
        Sent? sent;
        lock (_gate)
        {
            if (!_sent.Remove(settled.SequenceNumber, out sent))
            {
                return;
            }

            switch (settled.By)
            {
                case SettledBy.Result or SettledBy.SiloDrop:
                    _results += settled.By == SettledBy.Result ? 1 : 0;
                    if (settled.By == SettledBy.SiloDrop)
                    {
                        _siloDropped[settled.Outcome] = _siloDropped.GetValueOrDefault(settled.Outcome) + 1;
                    }

                    if (!sent.Acknowledged)
                    {
                        // Its outcome overtook the broker's acknowledgement: the acknowledgement still counts it as published.
                        _settledBeforeAcknowledged.Add(settled.SequenceNumber);
                    }

                    _lastOutcomeAt = now > _lastOutcomeAt ? now : _lastOutcomeAt ?? now;
                    break;
                case SettledBy.PublisherDrop:
                    _publisherDropped[settled.Outcome] = _publisherDropped.GetValueOrDefault(settled.Outcome) + 1;
                    _republishDropped += sent.Acknowledged ? 1 : 0;
                    break;
                default:
                    _noResult++;
                    break;
            }
        }

        if (settled.Result is { } result)
        {
            RecordResult(sent.Sequence, result, now);
        }
        else
        {
            RecordDrop(sent.Sequence, settled.Reason ?? DropReason.NoResult, now);
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

    private void RecordResult(SentSequence sent, InferenceResult result, DateTimeOffset receivedAt)
    {
        var batch = Math.Max(1, result.AdaptiveState.BatchSize);
        lock (_gate)
        {
            if (!_models.Contains((result.ModelName, result.ModelVersion)))
            {
                _models.Add((result.ModelName, result.ModelVersion));
            }

            _largestBatch = Math.Max(_largestBatch, batch);
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
            beforeInference.TotalMilliseconds, batch, result.AdaptiveState.Width, result.AdaptiveState.Height, result.ModelName, result.ModelVersion, null));
    }

    private void RecordDrop(SentSequence sent, DropReason reason, DateTimeOffset now)
    {
        recorder.RecordDropped(reason);
        monitor.RecordDrop(reason);
        Observe(new PredictionRecord(sent.Number, sent.FirstFrame, sent.LastFrame, sent.LastCapture, now, "dropped", null, sent.TrueLabel, null, [],
            (now - sent.LastCapture).TotalMilliseconds, null, null, 0, sent.Width, sent.Height, null, null, reason.Tag()));
    }

    private void Observe(PredictionRecord record)
    {
        lock (_observerGate)
        {
            observer.OnSequence(record);
        }
    }

    /// <summary>A sequence awaiting its outcome; <see cref="Acknowledged"/> is mutable under the gate.</summary>
    private sealed class Sent(SentSequence sequence)
    {
        public SentSequence Sequence { get; } = sequence;

        public bool Acknowledged { get; set; }
    }
}
