using EdgeVision.Cli.Live;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Classes;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Monitoring;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Cli.Benchmarking;

/// <summary>
/// Hands each assembled sequence to the inference engine without waiting for the previous one (so the engine can
/// batch them, as it batches cameras in the silo) and turns every outcome into a record for the report, the
/// controller, the monitor and the observer. The latency budget runs from the capture of a sequence's last frame
/// (the moment the sequence exists): measured from its first frame, eight frames at 30 fps would spend 233 ms of a
/// 200 ms budget before they could even be sent. The span from the first frame is reported too. Each outcome tells the
/// controller where its latency went, as a silo's results do: the edge's part (capture to submission: preprocessing and
/// assembly), the engine's normalisation of its frames into the batch input (decode), the queue wait, the forward pass and the rest; there is no transport.
/// </summary>
internal sealed class SequenceSubmitter(
    IInferenceEngine engine,
    string modelKey,
    string camera,
    IReadOnlyList<string> labels,
    PixelNormalization normalization,
    TimeSpan maxLatency,
    DateTimeOffset startedAt,
    OutcomeRecorder recorder,
    PerformanceMonitor monitor,
    LatencyController controller,
    IRunObserver observer,
    TimeProvider time)
{
    public const int TopClasses = 3;

    private readonly Lock _observerGate = new();
    private readonly List<Task> _pending = [];

    /// <summary>
    /// Queues <paramref name="sequence"/>; the engine owns it from here and releases its frames once it has written them
    /// into a batch (normalised as the silo does) or dropped them.
    /// </summary>
    public void Submit(AssembledSequence sequence)
    {
        var first = sequence.CaptureTimes[0];
        var facts = new SequenceFacts(sequence.SequenceNumber, sequence.FrameIndices[0], sequence.FrameIndices[^1], first,
            sequence.CaptureTimes[^1], sequence.Width, sequence.Height, sequence.Frames.Length, sequence.TrueLabel, time.GetUtcNow());
        var frames = new SequenceFrames(sequence.Frames, sequence.Width, sequence.Height, sequence.Order, normalization, owner: sequence);
        var request = new InferenceRequest(camera, modelKey, frames, facts.LastCapture, facts.LastCapture + maxLatency);

        recorder.RecordSubmitted();
        _pending.Add(CompleteAsync(request, facts));
    }

    /// <summary>Completes when every submitted sequence has its outcome.</summary>
    public Task DrainAsync() => Task.WhenAll(_pending);

    private async Task CompleteAsync(InferenceRequest request, SequenceFacts facts)
    {
        var outcome = await engine.InferAsync(request).ConfigureAwait(false);
        var latency = outcome.CompletedAt - facts.LastCapture;
        // On the engine's clock, which the controller shares: work queued before the controller's last change is discounted.
        var enqueuedAt = outcome.CompletedAt - outcome.InferenceDuration - outcome.NormalizeDuration - outcome.QueueWait;
        PredictionRecord record;
        if (outcome.Status == InferenceStatus.Completed && outcome.Probabilities is { } probabilities)
        {
            recorder.RecordCompleted((outcome.CompletedAt - startedAt).TotalSeconds, latency, outcome.CompletedAt - facts.FirstCapture,
                outcome.QueueWait, outcome.InferenceDuration, outcome.BatchSize);
            monitor.RecordResult(latency, outcome.InferenceDuration, facts.Frames);
            controller.RecordLatency(latency, enqueuedAt, facts.Parts(outcome));
            var top = TopK.Of(probabilities, labels, TopClasses).Select(c => new LabelScoreRecord(c.Label, c.Probability)).ToArray();
            recorder.RecordPrediction(top[0].Label, facts.TrueLabel);
            record = facts.Record(outcome, "completed", top[0].Label, top[0].Confidence, top, latency);
        }
        else
        {
            var reason = outcome.DropReason ?? DropReason.Invalid;
            recorder.RecordDropped(reason);
            monitor.RecordDrop(reason);
            controller.RecordDrop(reason, acceptedAt: enqueuedAt);
            record = facts.Record(outcome, "dropped", null, null, [], latency) with { DropReason = reason.Tag() };
        }

        lock (_observerGate)
        {
            observer.OnSequence(record);
        }
    }

    private sealed record SequenceFacts(long Number, long FirstFrame, long LastFrame, DateTimeOffset FirstCapture, DateTimeOffset LastCapture,
        int Width, int Height, int Frames, string? TrueLabel, DateTimeOffset SubmittedAt)
    {
        public LatencyBreakdown Parts(InferenceOutcome outcome)
        {
            var decode = outcome.NormalizeDuration.TotalMilliseconds;
            var queue = outcome.QueueWait.TotalMilliseconds;
            var forward = outcome.InferenceDuration.TotalMilliseconds;
            var other = (outcome.CompletedAt - SubmittedAt).TotalMilliseconds - decode - queue - forward;
            return new LatencyBreakdown(Math.Max(0, (SubmittedAt - LastCapture).TotalMilliseconds), 0, 0, decode, queue, forward, Math.Max(0, other));
        }

        public PredictionRecord Record(InferenceOutcome outcome, string status, string? label, double? confidence,
            IReadOnlyList<LabelScoreRecord> top, TimeSpan latency) =>
            new(Number, FirstFrame, LastFrame, LastCapture, outcome.CompletedAt, status, label, TrueLabel, confidence, top, latency.TotalMilliseconds,
                status == "completed" ? outcome.InferenceDuration.TotalMilliseconds : null, outcome.QueueWait.TotalMilliseconds,
                outcome.BatchSize, Width, Height, string.IsNullOrEmpty(outcome.ModelVersion) ? null : outcome.ModelVersion, null);
    }
}
