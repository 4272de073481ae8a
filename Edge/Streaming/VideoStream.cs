using System.Diagnostics.Metrics;
using System.Threading.Channels;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Edge.Streaming;

/// <summary>
/// The guide's video stream: a source feeding a drop-oldest capture buffer, a loop that samples, resizes,
/// converts to RGB and assembles sequences, and a small sequence buffer that readers take from.
/// </summary>
public sealed partial class VideoStream : IAsyncDisposable
{
    private readonly IFrameSource _source;
    private readonly VideoConfig _config;
    private readonly VideoStreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private FramePipeline _pipeline;
    private Run? _run;

    public VideoStream(IFrameSource source, VideoConfig config, IMeterFactory meterFactory, VideoStreamOptions? options = null,
        TimeProvider? time = null, ILogger<VideoStream>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(config);
        if (config.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(config));
        }

        _source = source;
        _config = config;
        _options = options ?? new VideoStreamOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.SequenceBufferSize, 1, nameof(options));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<VideoStream>.Instance;
        Instruments = new CaptureInstruments(meterFactory, _options.Camera);
        _pipeline = NewPipeline(StreamSettings.From(config, _options.Interpolation));
        _source.StatusChanged += OnSourceStatus;
    }

    public CaptureInstruments Instruments { get; }

    /// <summary>
    /// Raised on the processing loop with each captured frame, before it is sampled (so every frame is offered, whatever
    /// the fps limit and frame skip keep): the frame is readable during the call only, and a handler must be quick (the
    /// camera's preview takes one now and then). A handler that throws is logged; the frame still goes on.
    /// </summary>
    public event Action<Frame>? FrameCaptured;

    /// <summary>False once the source and the processing loop have ended, before readers see the end of the sequences.</summary>
    public bool IsRunning => _run is { } run && !run.IsFinished;

    /// <summary>Completes when the source has ended or failed and every frame it gave has been processed.</summary>
    public Task Completion => _run?.Completion ?? Task.CompletedTask;

    /// <summary>Starts capturing; false when already running.</summary>
    public bool StartStreaming()
    {
        lock (_gate)
        {
            if (IsRunning)
            {
                return false;
            }

            _pipeline.Dispose();
            _pipeline = NewPipeline(_pipeline.Requested ?? _pipeline.Settings);
            _run = new Run(this);
            return true;
        }
    }

    /// <summary>Stops the source and the loop; frames and sequences still buffered are released.</summary>
    /// <returns>How many assembled sequences were released unread (for callers that account for every sequence).</returns>
    public async Task<int> StopStreamingAsync()
    {
        Run? run;
        lock (_gate)
        {
            run = _run;
        }

        return run is null ? 0 : await run.StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the source but lets frames already captured through: sequences keep arriving until
    /// <see cref="GetSequenceAsync"/> returns null, so a graceful shutdown can hand every assembled sequence on.
    /// </summary>
    public void EndCapture()
    {
        lock (_gate)
        {
            _run?.EndCapture();
        }
    }

    /// <summary>The next sequence, or null when none arrives within <paramref name="timeout"/> or the stream has finished.</summary>
    public async Task<AssembledSequence?> GetSequenceAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reader = (_run ?? throw new InvalidOperationException("Call StartStreaming before reading sequences.")).Sequences.Reader;
        if (reader.TryRead(out var ready))
        {
            return ready;
        }

        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            while (await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                if (reader.TryRead(out var sequence))
                {
                    return sequence;
                }
            }

            return null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Up to <c>VideoConfig.BatchSize</c> sequences; see <see cref="GetBatchAsync(int, TimeSpan, CancellationToken)"/>.</summary>
    public Task<IReadOnlyList<AssembledSequence>> GetBatchAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        GetBatchAsync(_config.BatchSize, timeout, cancellationToken);

    /// <summary>Up to <paramref name="batchSize"/> sequences: fewer when the timeout passes or the stream finishes first.</summary>
    public async Task<IReadOnlyList<AssembledSequence>> GetBatchAsync(int batchSize, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var batch = new List<AssembledSequence>(batchSize);
        var started = _time.GetTimestamp();
        while (batch.Count < batchSize)
        {
            var left = timeout - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || await GetSequenceAsync(left, cancellationToken).ConfigureAwait(false) is not { } sequence)
            {
                break;
            }

            batch.Add(sequence);
        }

        return batch;
    }

    /// <summary>Changes fps, frame skip or size from the next sequence on (the control loop's entry point).</summary>
    public void UpdateSettings(StreamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(settings));
        }

        var capped = settings.CappedAt(_config.MaxFps);
        _pipeline.Request(capped);
        LogSettingsRequested(_logger, _source.Description, capped);
    }

    public VideoStreamInfo GetInfo()
    {
        var run = _run;
        return new VideoStreamInfo(
            _source.Description,
            IsRunning,
            _source.Status,
            _source.SourceFps,
            _source.FrameSize,
            (run?.Capture.Reader.Count ?? 0, _config.BufferSize),
            (run?.Sequences.Reader.Count ?? 0, _options.SequenceBufferSize),
            Instruments.FramesCaptured,
            Instruments.SequencesAssembled,
            Instruments.DropsByReason(),
            _pipeline.PendingFrames,
            _pipeline.Settings,
            _pipeline.Requested);
    }

    public async ValueTask DisposeAsync()
    {
        await StopStreamingAsync().ConfigureAwait(false);
        _pipeline.Dispose();
        await _source.DisposeAsync().ConfigureAwait(false);
    }

    private void OnSourceStatus(SourceStatus status)
    {
        // Connecting and Streaming carry no reason; the others say why.
        if (status.Reason is { } reason)
        {
            LogSourceStatus(_logger, _source.Description, status.State, reason);
        }
        else
        {
            LogSourceState(_logger, _source.Description, status.State);
        }
    }

    private void OfferFrame(Frame frame)
    {
        if (FrameCaptured is not { } handlers)
        {
            return;
        }

        try
        {
            handlers(frame);
        }
        catch (Exception ex)
        {
            LogFrameHandlerFailed(_logger, _source.Description, ex);
        }
    }

    private FramePipeline NewPipeline(StreamSettings settings) =>
        new(settings, _config.SequenceLength, _config.EffectiveStride, Instruments);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: a captured-frame handler threw")]
    private static partial void LogFrameHandlerFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} is {State}")]
    private static partial void LogSourceState(ILogger logger, string source, SourceState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} is {State}: {Reason}")]
    private static partial void LogSourceStatus(ILogger logger, string source, SourceState state, string reason);

    // Debug: the caller that changes the settings (the control handler) logs the change with its reason.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Source {Source}: settings {Settings} apply from the next sequence")]
    private static partial void LogSettingsRequested(ILogger logger, string source, StreamSettings settings);
}
