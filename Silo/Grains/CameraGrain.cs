using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Monitoring;
using EdgeVision.Inference.Serving;
using EdgeVision.Silo.Clustering;
using EdgeVision.Silo.Decoding;
using EdgeVision.Silo.Health;
using EdgeVision.Silo.Metrics;
using EdgeVision.Silo.Results;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// The stream grain of one camera (key <c>site/camera</c>), placed only on silos that run inference. <see cref="Ingest"/>
/// decides: a duplicate (at-least-once redelivery) gets no second result, a sequence older than the maximum latency is
/// dropped as stale, one beyond the pending bound as overload, each counted; an accepted sequence is first written to
/// the grain's durable record of pending sequences (<see cref="PendingLedger"/>, group commit), so that a silo failure
/// before it finishes is counted as <c>lost</c> by the next activation, then decoded off the grain scheduler and served
/// through the silo's inference engine by the camera's <see cref="ServedCamera{TSequence}"/>, and <c>Ingest</c> returns
/// without waiting for the forward pass. Outcomes come back on the grain scheduler, where results leave in sequence
/// order (MQTT and in-process callbacks) and the camera's latency controller reacts. Arrivals, drops and results also
/// go to the silo's <see cref="CameraStallTracker"/>. Each sequence is served by the model <see cref="CameraModels"/> assigns the
/// camera when it is accepted, and its result names the model and version that served it.
/// </summary>
[InferenceSiloPlacementFilter]
internal sealed partial class CameraGrain(
    IInferenceEngine engine,
    IModelCatalog catalog,
    CameraModels models,
    BatchSizeCoordinator batchSizes,
    SequenceDecoder decoder,
    MqttPublisher publisher,
    ResultCallbacks callbacks,
    SiloInstruments instruments,
    AdaptiveStateGauges gauges,
    LatencyBoundGauges bounds,
    CameraStallTracker stalls,
    IOptions<CameraGrainOptions> options,
    IOptions<InferenceConfig> inference,
    IOptions<LatencyControllerOptions> controllerOptions,
    IOptions<SiloClusterOptions> cluster,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<CameraGrain> logger,
    [PersistentState(PendingSequences.StateName, PendingSequences.StorageName)] IPersistentState<PendingSequences> durable) : Grain, ICameraGrain
{
    private readonly CameraGrainOptions _options = options.Value;
    private readonly InferenceConfig _inference = inference.Value;
    private readonly RecentSequences _recent = new(options.Value.DuplicateWindow);
    private string _key = string.Empty;
    private string _site = string.Empty;
    private string _camera = string.Empty;
    private ServedCamera<FrameSequence>? _served;
    private LatencyDiagnosis? _reported;
    private int _pending;
    private long? _lastSequenceNumber;
    private double _targetFps;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        if (!CameraKey.TryParse(_key, out _site, out _camera))
        {
            throw new ArgumentException($"'{_key}' is not a camera key (site/camera).");
        }

        _served = new ServedCamera<FrameSequence>(engine, _key, TimeSpan.FromMilliseconds(_inference.MaxLatencyMs),
            new PerformanceMonitor(time, _options.StatsWindow), time, Publish, OnDropped);
        LogActivated(logger, _key, RuntimeIdentity, models.For(_site, _camera));
        await CountLostAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        gauges.Remove(_key);
        bounds.Remove(_key);
        stalls.Forget(_key);
        batchSizes.Withdraw(_key);
        await FinishPendingAsync(cancellationToken);
    }

    public async ValueTask<IngestOutcome> Ingest(FrameSequence sequence, DateTimeOffset? receivedAt = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.SiteId != _site || sequence.CameraId != _camera)
        {
            // Not this camera's: no notice goes to this camera's edge for another camera's sequence number.
            return DropAtIngest(null, DropReason.Invalid, $"a sequence of {sequence.SiteId}/{sequence.CameraId} was sent to camera {_key}");
        }

        if (!_recent.TryAdd(sequence.SequenceNumber, sequence.CaptureTimestampsUs[0]))
        {
            instruments.Sequence(_key, SiloInstruments.OutcomeDuplicate);
            LogDuplicate(logger, _key, sequence.SequenceNumber);
            return IngestOutcome.Duplicate;
        }

        stalls.Received(_key);
        var now = time.GetUtcNow();
        var received = receivedAt is { } at && at <= now ? at : now;
        var lastCapture = sequence.CaptureTime(sequence.FrameCount - 1);
        var maxLatency = TimeSpan.FromMilliseconds(_inference.MaxLatencyMs);
        if (Served.Controller is null)
        {
            Served.UseController(CreateController(sequence));
        }

        var age = now - lastCapture;
        if (age > maxLatency)
        {
            var detail = $"sequence {sequence.SequenceNumber} arrived {age.TotalMilliseconds:F0} ms after capture; the maximum latency is {maxLatency.TotalMilliseconds:F0} ms";
            if (received - lastCapture <= maxLatency)
            {
                return DropAtIngest(sequence, DropReason.Stale, detail); // Ingestion held it too long: load.
            }

            // Already too old when it reached the silo: the edge or transport broke the budget, which no knob here
            // shrinks. The controller sees it as a late result with its parts, not as load.
            Served.RecordLate(new SequenceTimes(lastCapture, sequence.PublishedAt, received, now));
            Adapt();
            return DropAtIngest(sequence, DropReason.Stale, detail, load: false);
        }

        if (_pending >= _options.MaxPendingSequences)
        {
            return DropAtIngest(sequence, DropReason.Overload,
                $"sequence {sequence.SequenceNumber} found {_pending} sequences pending (the bound is {_options.MaxPendingSequences})");
        }

        _pending++;
        instruments.PendingChanged(_key, 1);
        await RecordPendingAsync(sequence); // Accepted only once durable: the MQTT ack follows this return.
        instruments.Sequence(_key, SiloInstruments.OutcomeAccepted);
        Served.Accept(sequence.SequenceNumber);
        _lastSequenceNumber = sequence.SequenceNumber;
        _targetFps = sequence.Preprocessing.TargetFps;
        // Accepted now: the settings in force now are the ones its outcome says something about (the controller ignores
        // outcomes of work accepted before its last change).
        // The model assigned now serves it: an assignment reloaded since the last sequence applies from this one on.
        _ = ProcessAsync(sequence, new SequenceTimes(lastCapture, sequence.PublishedAt, received, time.GetUtcNow()), models.For(_site, _camera));
        return IngestOutcome.Accepted;
    }

    public ValueTask<CameraStats> GetStats()
    {
        Served.Monitor.RecordQueueDepth(engine.QueueDepth);
        return ValueTask.FromResult(CameraStats.From(_site, _camera, Served.Monitor.Snapshot(), _pending, _lastSequenceNumber));
    }

    private ServedCamera<FrameSequence> Served => _served ?? throw new InvalidOperationException($"Camera {_key} is not activated.");

    // A drop says the silo is behind (load) unless the sequence was late before the silo had it.
    private IngestOutcome DropAtIngest(FrameSequence? sequence, DropReason reason, string detail, bool load = true)
    {
        instruments.Sequence(_key, SiloInstruments.OutcomeDropped);
        Served.RecordDrop(reason, load: load);
        Dropped(sequence is null ? null : DroppedSequence.Of(sequence), reason, detail);
        return IngestOutcome.Dropped(reason, detail);
    }

    // An accepted sequence that ended without a result.
    private void OnDropped(FrameSequence sequence, ServedDrop drop)
    {
        if (drop.Error is { } error)
        {
            LogProcessingFailed(logger, error, _key, drop.SequenceNumber);
        }

        Dropped(DroppedSequence.Of(sequence), drop.Reason, drop.Detail);
    }

    // What every drop of this camera leaves in the silo's metrics and log, and the notice that settles it at its edge
    // (none for a sequence that is not this camera's).
    private void Dropped(DroppedSequence? sequence, DropReason reason, string detail)
    {
        instruments.Dropped(_key, reason);
        stalls.Dropped(_key, reason);
        LogDropped(logger, _key, reason, detail);
        if (sequence is { } dropped)
        {
            publisher.Publish(new DropNotice(_site, _camera, dropped.SequenceNumber, dropped.FirstFrameIndex, dropped.LastFrameIndex, dropped.Frames,
                reason.Tag(), time.GetUtcNow(), RuntimeIdentity));
        }
    }

    // The first sequence tells the settings in force; the baseline restoring heads for is the camera's nominal settings,
    // which every sequence carries: a silo that takes over a camera another silo had degraded restores it all the same.
    private LatencyController CreateController(FrameSequence first)
    {
        var current = new AdaptiveSettings(engine.CurrentMaxBatchSize, first.Preprocessing.FrameSkip, first.Width, first.Height);
        var baseline = first.Preprocessing.Nominal is { } nominal
            ? current with { Width = nominal.Width, Height = nominal.Height, FrameSkip = nominal.FrameSkip }
            : current;
        var model = models.For(_site, _camera);
        var accuracy = catalog.Contains(model) ? catalog.Describe(model).Accuracy : null;
        var controller = new LatencyController(_inference, baseline, controllerOptions.Value, time, loggerFactory.CreateLogger<LatencyController>(),
            current, accuracy);
        gauges.Set(_key, State(controller.Current));
        return controller;
    }

    private AdaptiveState State(AdaptiveSettings settings) =>
        new(settings.Width, settings.Height, settings.FrameSkip, settings.BatchSize, _targetFps > 0 ? _targetFps : _inference.TargetFps);
}
