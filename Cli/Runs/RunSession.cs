using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// What every <c>benchmark</c> and <c>live</c> run, in process or over MQTT, starts from and ends on: its services
/// (loggers to standard error, meters), its source, and the ways it stops: Ctrl+C or SIGTERM, the caller's
/// cancellation, <c>--max-frames</c>, <c>--duration</c>, and <c>--connect-timeout</c> while the source has delivered
/// nothing. Each ends the source only, so what was captured still runs; <see cref="EndReason"/> says which one it was.
/// </summary>
internal sealed class RunSession : IAsyncDisposable
{
    private readonly RunSettings _settings;
    private readonly StopRequest _stop = new();
    private readonly TerminationSignals _signals;
    private readonly CancellationTokenRegistration _cancelled;
    private StoppableFrameSource? _source;
    private SourceWatch? _status;
    private ITimer? _duration;
    private ITimer? _connect;

    public RunSession(RunSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        _settings = settings;
        Services = RunServices.Create(settings.Verbosity, error);
        _signals = new TerminationSignals(_stop, error);
        _cancelled = cancellationToken.Register(() => _stop.Request("cancelled"));
    }

    public TimeProvider Time { get; } = TimeProvider.System;

    public RunServices Services { get; }

    /// <summary>
    /// The run's source (<c>--source</c>, paced as <c>--unpaced</c> and <c>--loop</c> say), ended by <c>--max-frames</c> or a
    /// stop; made on first use. A source string that names nothing usable is a <see cref="SourceUnavailableException"/>.
    /// </summary>
    public StoppableFrameSource Source
    {
        get
        {
            if (_source is null)
            {
                _source = new StoppableFrameSource(CreateSource(), _settings.MaxFrames, _stop.Token);
                _status = new SourceWatch(_source);
            }

            return _source;
        }
    }

    /// <summary>Starts the clocks that stop the run: <c>--duration</c>, and <c>--connect-timeout</c> if the source has delivered nothing by then.</summary>
    public void StartClocks()
    {
        var source = Source;
        if (_settings.Duration is { } duration)
        {
            _duration = Time.CreateTimer(_ => _stop.Request("duration"), null, duration, Timeout.InfiniteTimeSpan);
        }

        _connect = Time.CreateTimer(_ =>
        {
            if (source.Delivered == 0)
            {
                _stop.Request("connect-timeout");
            }
        }, null, _settings.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Why the run ended (a stop's reason, <c>max-frames</c>, <c>source-failed</c> or <c>source-ended</c>); a source that never
    /// delivered a frame is a <see cref="SourceUnavailableException"/> saying why, unless the run was stopped before it could.
    /// </summary>
    public string EndReason(VideoStreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var source = Source;
        if (source.Delivered == 0 && _stop.Reason is null or "connect-timeout")
        {
            throw new SourceUnavailableException(_status!.Explain(_settings.SourceText, _stop.Reason is not null ? _settings.ConnectTimeout : null));
        }

        return _stop.Reason ?? (source.ReachedLimit ? "max-frames" : info.SourceStatus.State == SourceState.Failed ? "source-failed" : "source-ended");
    }

    public async ValueTask DisposeAsync()
    {
        _connect?.Dispose();
        _duration?.Dispose();
        await _cancelled.DisposeAsync();
        _signals.Dispose();
        _stop.Dispose();
        Services.Dispose();
    }

    private IFrameSource CreateSource()
    {
        var options = new FrameSourceOptions { FilePlayback = _settings.Unpaced ? Playback.Unpaced : Playback.SourceRate, Loop = _settings.Loop };
        try
        {
            return new FrameSourceFactory(Time, Services.Loggers).Create(_settings.Source, options);
        }
        catch (FrameSourceException e)
        {
            throw new SourceUnavailableException(e.Message);
        }
    }
}
