using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Monitoring;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Inference.Serving;

/// <summary>
/// One camera served by an inference engine under its latency budget: the silo's camera grain and the CLI's in-process
/// runs serve through it. Each accepted sequence is submitted with its deadline (capture of its last frame plus the
/// maximum latency); its outcome is settled once: the camera's <see cref="PerformanceMonitor"/> and, once it has one,
/// its <see cref="LatencyController"/> learn the latency and where it went (<see cref="SequenceTimes.Split"/>), or the
/// drop; results leave in sequence order (one that finishes while an earlier sequence is in flight waits for it), and
/// <see cref="Adapt"/> lets the controller decide. What a result or a drop becomes (an MQTT message, a report line) is the
/// caller's: the two handlers are called one at a time, results in sequence order.
/// </summary>
/// <remarks>
/// Thread-safe. Awaits keep the caller's context, so on a grain the handlers run on the grain's scheduler.
/// </remarks>
/// <typeparam name="TSequence">What the caller keeps of each sequence until its outcome (its wire message, its facts for a report).</typeparam>
public sealed class ServedCamera<TSequence>
{
    private readonly IInferenceEngine _engine;
    private readonly string _camera;
    private readonly TimeSpan _maxLatency;
    private readonly TimeProvider _time;
    private readonly Action<TSequence, ServedResult> _released;
    private readonly Action<TSequence, ServedDrop> _dropped;
    private readonly Lock _gate = new();
    private readonly InOrderRelease<Finished> _release = new();
    private LatencyController? _controller;

    /// <param name="camera">The camera's key at the engine (<c>site/camera</c> in the silo).</param>
    /// <param name="maxLatency">The budget's maximum latency: past capture plus this, a sequence is stale.</param>
    /// <param name="released">Called with each result as it leaves, in sequence order.</param>
    /// <param name="dropped">Called with each accepted sequence that ends without a result.</param>
    public ServedCamera(IInferenceEngine engine, string camera, TimeSpan maxLatency, PerformanceMonitor monitor, TimeProvider time,
        Action<TSequence, ServedResult> released, Action<TSequence, ServedDrop> dropped, LatencyController? controller = null)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _camera = camera ?? throw new ArgumentNullException(nameof(camera));
        _maxLatency = maxLatency;
        Monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _released = released ?? throw new ArgumentNullException(nameof(released));
        _dropped = dropped ?? throw new ArgumentNullException(nameof(dropped));
        _controller = controller;
    }

    /// <summary>The camera's rolling performance: results, drops and queue depth.</summary>
    public PerformanceMonitor Monitor { get; }

    /// <summary>The camera's latency controller; null until <see cref="UseController"/> (the silo makes it from the first sequence).</summary>
    public LatencyController? Controller => Volatile.Read(ref _controller);

    /// <summary>Puts the camera under <paramref name="controller"/> from now on.</summary>
    public void UseController(LatencyController controller) => Volatile.Write(ref _controller, controller ?? throw new ArgumentNullException(nameof(controller)));

    /// <summary>Accepts sequence <paramref name="sequenceNumber"/>: results of later sequences wait for its outcome.</summary>
    public void Accept(long sequenceNumber)
    {
        lock (_gate)
        {
            _release.Start(sequenceNumber);
        }
    }

    /// <summary>
    /// Serves an accepted sequence: submits <paramref name="frames"/> (the engine owns them from here) with the deadline
    /// <c>times.LastCapture</c> plus the maximum latency, and settles the outcome. <paramref name="decode"/> is the caller's own
    /// time turning the sequence into frames, counted with the engine's normalisation as the decode part of the latency.
    /// Completes once the outcome is settled; it never throws for the engine's sake (a failure is a drop).
    /// </summary>
    public async Task ServeAsync(TSequence sequence, long sequenceNumber, SequenceTimes times, string model, SequenceFrames frames,
        TimeSpan decode = default)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(frames);
        var (count, width, height) = (frames.Count, frames.Width, frames.Height);
        InferenceOutcome outcome;
        try
        {
            outcome = await _engine.InferAsync(new InferenceRequest(_camera, model, frames, times.LastCapture, times.LastCapture + _maxLatency));
        }
        catch (ArgumentException ex)
        {
            // Unknown model or a shape the model cannot take: the sequence can never succeed.
            Drop(sequence, sequenceNumber, DropReason.Invalid, ex.Message);
            return;
        }
        catch (ObjectDisposedException)
        {
            Drop(sequence, sequenceNumber, DropReason.Overload, "the inference engine is shutting down", times.AcceptedAt);
            return;
        }
        catch (Exception ex)
        {
            Drop(sequence, sequenceNumber, DropReason.Invalid, ex.Message, error: ex);
            return;
        }

        if (outcome.Status == InferenceStatus.Completed && outcome.Probabilities is { Length: > 0 } probabilities)
        {
            Finish(sequenceNumber, new Finished(sequence, sequenceNumber, outcome, probabilities, width, height, times, decode + outcome.NormalizeDuration, count));
        }
        else
        {
            Drop(sequence, sequenceNumber, outcome.DropReason ?? DropReason.Invalid, outcome.Detail ?? "the engine returned no probabilities",
                times.AcceptedAt, outcome);
        }
    }

    /// <summary>
    /// Ends an accepted sequence without a result (<see cref="ServeAsync"/> does for the engine's drops; a caller does for a
    /// sequence that never reached the engine, e.g. one it could not decode): recorded, reported, and results behind it released.
    /// </summary>
    /// <param name="acceptedAt">When the dropped work was accepted (null: now), so the controller discounts work from before its last change.</param>
    public void Drop(TSequence sequence, long sequenceNumber, DropReason reason, string detail, DateTimeOffset? acceptedAt = null,
        InferenceOutcome? outcome = null, Exception? error = null)
    {
        lock (_gate)
        {
            RecordDrop(reason, acceptedAt);
            _dropped(sequence, new ServedDrop(sequenceNumber, reason, detail, outcome?.CompletedAt ?? _time.GetUtcNow(), outcome, error));
            Release(_release.Finish(sequenceNumber, null));
        }
    }

    /// <summary>
    /// Records a drop of a sequence that was never accepted (refused on arrival) or that the caller settles itself. Only a
    /// drop that says the pipeline is behind (<paramref name="load"/>) tells the controller.
    /// </summary>
    public void RecordDrop(DropReason reason, DateTimeOffset? acceptedAt = null, bool load = true)
    {
        Monitor.RecordDrop(reason);
        if (load)
        {
            Controller?.RecordDrop(reason, acceptedAt: acceptedAt);
        }
    }

    /// <summary>
    /// Tells the controller of a sequence already too old on arrival (its latency at <c>times.AcceptedAt</c> and where it
    /// went): late, but not for load here, so no knob of this camera is blamed beyond what the parts say.
    /// </summary>
    public void RecordLate(SequenceTimes times)
    {
        ArgumentNullException.ThrowIfNull(times);
        var (late, parts) = times.Split(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, times.AcceptedAt);
        Controller?.RecordLatency(late, times.AcceptedAt, parts);
    }

    /// <summary>
    /// Tells the controller and the monitor the engine's queue depth and returns the controller's decision: null when it keeps
    /// the settings, or when there is no controller yet. What a decision changes (the engine's batch size, the edge's
    /// frame skip and resolution) is the caller's to apply.
    /// </summary>
    public AdaptiveDecision? Adapt()
    {
        if (Controller is not { } controller)
        {
            return null;
        }

        var depth = _engine.QueueDepth;
        controller.RecordQueueDepth(depth);
        Monitor.RecordQueueDepth(depth);
        return controller.Evaluate();
    }

    private void Finish(long sequenceNumber, Finished finished)
    {
        lock (_gate)
        {
            Release(_release.Finish(sequenceNumber, finished));
        }
    }

    // Results leave here, in sequence order: the latency is measured now, split into its parts, and recorded.
    private void Release(IReadOnlyList<Finished> results)
    {
        foreach (var result in results)
        {
            var now = _time.GetUtcNow();
            var outcome = result.Outcome;
            var (endToEnd, parts) = result.Times.Split(result.Decode, outcome.QueueWait, outcome.InferenceDuration, now);
            Monitor.RecordResult(endToEnd, outcome.InferenceDuration, result.Frames);
            Controller?.RecordLatency(endToEnd, result.Times.AcceptedAt, parts);
            _released(result.Sequence, new ServedResult(result.SequenceNumber, outcome, result.Probabilities, result.Width, result.Height, result.Times,
                now, endToEnd, parts));
        }
    }

    /// <summary>A sequence the engine completed, waiting for its turn to leave.</summary>
    private sealed record Finished(TSequence Sequence, long SequenceNumber, InferenceOutcome Outcome, float[] Probabilities, int Width, int Height,
        SequenceTimes Times, TimeSpan Decode, int Frames);
}
