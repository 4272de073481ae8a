using EdgeVision.Cli.Live;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Classes;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Monitoring;
using EdgeVision.Inference.Pixels;
using EdgeVision.Inference.Serving;

namespace EdgeVision.Cli.Runs.InProcess;

/// <summary>
/// Serves the run's camera as the silo serves one (<see cref="ServedCamera{TSequence}"/>: submission under the latency
/// budget, results in sequence order, the monitor and the controller told every outcome), handing each assembled sequence
/// to the engine without waiting for the previous one (so the engine can batch them, as it batches cameras in the silo),
/// and turns every outcome into a record for the report and the observer. The latency budget runs from the capture of a
/// sequence's last frame (the moment the sequence exists): measured from its first frame, eight frames at 30 fps would
/// spend 233 ms of a 200 ms budget before they could even be sent. The span from the first frame is reported too. There
/// is no transport: a sequence is published, received and accepted when it is submitted, so the edge's part of its
/// latency is capture to submission (preprocessing and assembly).
/// </summary>
internal sealed class SequenceSubmitter
{
    public const int TopClasses = 3;

    private readonly ServedCamera<SequenceFacts> _served;
    private readonly string _modelKey;
    private readonly IReadOnlyList<string> _labels;
    private readonly PixelNormalization _normalization;
    private readonly DateTimeOffset _startedAt;
    private readonly OutcomeRecorder _recorder;
    private readonly IRunObserver _observer;
    private readonly TimeProvider _time;
    private readonly List<Task> _pending = [];

    public SequenceSubmitter(IInferenceEngine engine, string modelKey, string camera, IReadOnlyList<string> labels, PixelNormalization normalization,
        TimeSpan maxLatency, DateTimeOffset startedAt, OutcomeRecorder recorder, PerformanceMonitor monitor, LatencyController controller,
        IRunObserver observer, TimeProvider time)
    {
        _modelKey = modelKey;
        _labels = labels;
        _normalization = normalization;
        _startedAt = startedAt;
        _recorder = recorder;
        _observer = observer;
        _time = time;
        _served = new ServedCamera<SequenceFacts>(engine, camera, maxLatency, monitor, time, Completed, Dropped, controller);
    }

    /// <summary>Lets the camera's latency controller decide (<see cref="ServedCamera{TSequence}.Adapt"/>); applying the decision is the caller's.</summary>
    public AdaptiveDecision? Adapt() => _served.Adapt();

    /// <summary>
    /// Queues <paramref name="sequence"/>; the engine owns it from here and releases its frames once it has written them
    /// into a batch (normalised as the silo does) or dropped them.
    /// </summary>
    public void Submit(AssembledSequence sequence)
    {
        var submittedAt = _time.GetUtcNow();
        var facts = new SequenceFacts(sequence.SequenceNumber, sequence.FrameIndices[0], sequence.FrameIndices[^1], sequence.CaptureTimes[0],
            sequence.CaptureTimes[^1], sequence.Width, sequence.Height, sequence.TrueLabel);
        var frames = new SequenceFrames(sequence.Frames, sequence.Width, sequence.Height, sequence.Order, _normalization, owner: sequence);
        _recorder.RecordSubmitted();
        _served.Accept(facts.Number);
        _pending.Add(_served.ServeAsync(facts, facts.Number, new SequenceTimes(facts.LastCapture, submittedAt, submittedAt, submittedAt), _modelKey, frames));
    }

    /// <summary>Completes when every submitted sequence has its outcome.</summary>
    public Task DrainAsync() => Task.WhenAll(_pending);

    private void Completed(SequenceFacts facts, ServedResult result)
    {
        var outcome = result.Outcome;
        _recorder.RecordCompleted((result.ReleasedAt - _startedAt).TotalSeconds, result.EndToEnd, result.ReleasedAt - facts.FirstCapture,
            outcome.QueueWait, outcome.InferenceDuration, outcome.BatchSize);
        var top = TopK.Of(result.Probabilities, _labels, TopClasses).Select(c => new LabelScoreRecord(c.Label, c.Probability)).ToArray();
        _recorder.RecordPrediction(top[0].Label, facts.TrueLabel);
        _observer.OnSequence(facts.Record(result.ReleasedAt, "completed", top[0].Label, top[0].Confidence, top, result.EndToEnd, outcome));
    }

    private void Dropped(SequenceFacts facts, ServedDrop drop)
    {
        _recorder.RecordDropped(drop.Reason);
        _observer.OnSequence(facts.Record(drop.At, "dropped", null, null, [], drop.At - facts.LastCapture, drop.Outcome) with { DropReason = drop.Reason.Tag() });
    }

    /// <summary>What the run keeps of a submitted sequence until its outcome.</summary>
    internal sealed record SequenceFacts(long Number, long FirstFrame, long LastFrame, DateTimeOffset FirstCapture, DateTimeOffset LastCapture,
        int Width, int Height, string? TrueLabel)
    {
        public PredictionRecord Record(DateTimeOffset completedAt, string status, string? label, double? confidence, IReadOnlyList<LabelScoreRecord> top,
            TimeSpan latency, InferenceOutcome? outcome) =>
            new(Number, FirstFrame, LastFrame, LastCapture, completedAt, status, label, TrueLabel, confidence, top, latency.TotalMilliseconds,
                status == "completed" ? outcome?.InferenceDuration.TotalMilliseconds : null, outcome?.QueueWait.TotalMilliseconds ?? 0,
                outcome?.BatchSize ?? 0, Width, Height, string.IsNullOrEmpty(outcome?.ModelKey) ? null : outcome.ModelKey,
                string.IsNullOrEmpty(outcome?.ModelVersion) ? null : outcome.ModelVersion, null);
    }
}
