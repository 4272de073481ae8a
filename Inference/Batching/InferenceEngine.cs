using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeVision.Inference.Batching;

/// <summary>
/// The silo's inference engine: requests from every camera go into one <see cref="DynamicBatcher{T}"/>; one
/// dedicated thread (not the thread pool: forward passes block for milliseconds) takes each due batch, normalises its
/// sequences' frames straight into one pooled buffer (the only time their float values are written), runs one forward
/// pass through the model's <see cref="InferenceSession"/> over that buffer and completes every request's task. Stale
/// requests are dropped before they run, a failed forward pass fails only its batch (as invalid drops), and every drop
/// is counted. The engine owns each request's frames from <see cref="InferAsync"/> on and releases them once written
/// or dropped. Disposal stops intake and drains what is queued.
/// </summary>
public sealed partial class InferenceEngine : IInferenceEngine, IDisposable, IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly IModelCatalog catalog;
    private readonly TimeProvider time;
    private readonly ILogger<InferenceEngine> logger;
    private readonly InferenceInstruments instruments;
    private readonly DynamicBatcher<PendingInference> batcher;
    private readonly AutoResetEvent wake = new(false);
    private readonly Thread thread;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<PendingInference> cancel;
    private readonly int maxPending;
    private ITimer? timer;
    private bool stopping;
    private bool disposed;
    private int queueDepth;
    private long extraForwardTicks;

    public InferenceEngine(
        IModelCatalog catalog,
        IOptions<InferenceConfig> config,
        IOptions<InferenceEngineOptions> options,
        TimeProvider timeProvider,
        IMeterFactory meterFactory,
        ILogger<InferenceEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(logger);
        this.catalog = catalog;
        time = timeProvider;
        this.logger = logger;
        Predictor = new LatencyPredictor(options.Value);
        batcher = new DynamicBatcher<PendingInference>(config.Value, options.Value, Predictor);
        instruments = new InferenceInstruments(meterFactory, () => Volatile.Read(ref queueDepth));
        cancel = Cancel;
        maxPending = options.Value.MaxPendingRequests;
        ExtraForwardTime = TimeSpan.FromMilliseconds(options.Value.ExtraForwardMs);
        thread = new Thread(Run) { IsBackground = true, Name = "EdgeVision inference" };
        thread.Start();
        LogStarted(logger, batcher.MaxBatchSize, config.Value.TargetLatencyMs, options.Value.MaxPendingRequests);
    }

    public int QueueDepth => Volatile.Read(ref queueDepth);

    public int CurrentMaxBatchSize
    {
        get
        {
            lock (gate)
            {
                return batcher.CurrentMaxBatchSize;
            }
        }
    }

    /// <summary>The configured limit: InferenceConfig.MaxBatchSize, or 1 when batching is disabled.</summary>
    public int MaxBatchSize => batcher.MaxBatchSize;

    /// <summary>
    /// Time added to every forward pass from the next batch on (<see cref="InferenceEngineOptions.ExtraForwardMs"/>): the
    /// inference thread blocks that much longer and the pass reports it as forward time.
    /// </summary>
    public TimeSpan ExtraForwardTime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref extraForwardTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref extraForwardTicks, value.Ticks);
        }
    }

    /// <summary>The forward-pass times learned so far (what the deadlines are planned with).</summary>
    public LatencyPredictor Predictor { get; }

    public int SetMaxBatchSize(int maxBatchSize)
    {
        lock (gate)
        {
            var size = batcher.SetMaxBatchSize(maxBatchSize);
            SignalLocked();
            return size;
        }
    }

    public Task<InferenceOutcome> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pending = new PendingInference(request);
        QueuedRequest<PendingInference>? overloaded;
        try
        {
            Validate(request);
            cancellationToken.ThrowIfCancellationRequested();
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(stopping, this);
                overloaded = batcher.Add(request, pending, time.GetUtcNow());
                Volatile.Write(ref queueDepth, batcher.Count);
                SignalLocked();
            }
        }
        catch
        {
            request.Frames?.Dispose();
            throw;
        }

        if (overloaded is not null)
        {
            Drop(overloaded.State, DropReason.Overload, $"{maxPending} requests were pending, the most allowed (Silo:InferenceEngine:MaxPendingRequests).", overloaded.EnqueuedAt);
        }

        pending.Watch(cancellationToken, cancel);
        return pending.Task;
    }

    public void Dispose()
    {
        if (BeginStop())
        {
            thread.Join();
            EndStop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (BeginStop())
        {
            await stopped.Task.ConfigureAwait(false);
            thread.Join();
            EndStop();
        }
    }

    private void Validate(InferenceRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.CameraId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ModelKey, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Frames, nameof(request));
        var model = catalog.Describe(request.ModelKey);
        if (model.Config.InputChannels != request.Channels)
        {
            throw new ArgumentException($"Model '{request.ModelKey}' takes {model.Config.InputChannels} channels; the request has {request.Channels}.", nameof(request));
        }

        if (model.Manifest.Input.Refuses(request.Sequence, request.Height, request.Width) is { } refusal)
        {
            throw new ArgumentException($"Model '{request.ModelKey}' (version {model.Version}) cannot take {refusal}.", nameof(request));
        }
    }
}
