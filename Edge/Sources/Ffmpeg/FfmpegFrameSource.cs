using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using EdgeVision.Mqtt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Edge.Sources.Ffmpeg;

/// <summary>
/// Frames from a system <c>ffmpeg</c> process writing raw BGR to a pipe (OpenCvSharp's bundled FFmpeg has no
/// network protocols). A watchdog kills ffmpeg when no complete frame arrives in time; failures are retried with
/// exponential backoff and jitter up to <see cref="FfmpegSourceOptions.ReconnectAttempts"/>, then the source is
/// <see cref="SourceState.Failed"/> with ffmpeg's last stderr lines. Dispose kills the process and waits for it.
/// </summary>
public sealed partial class FfmpegFrameSource : IFrameSource
{
    private readonly StatusTracker _status = new();
    private readonly FfmpegInput _input;
    private readonly FfmpegSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly StderrTail _stderr;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private Process? _process;
    private Task? _running;
    private long _nextIndex;
    private int _starts;

    public FfmpegFrameSource(FfmpegInput input, FfmpegSourceOptions? options = null, TimeProvider? time = null,
        ILogger<FfmpegFrameSource>? logger = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        _options = options ?? new FfmpegSourceOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<FfmpegFrameSource>.Instance;
        _random = random ?? Random.Shared;
        _stderr = new StderrTail(Math.Max(1, _options.StderrLines));
    }

    public string Description => $"ffmpeg {_input}";

    public SourceStatus Status => _status.Status;

    public event Action<SourceStatus>? StatusChanged
    {
        add => _status.Changed += value;
        remove => _status.Changed -= value;
    }

    public double? SourceFps { get; private set; }

    public (int Width, int Height)? FrameSize { get; private set; }

    /// <summary>How many times ffmpeg was started (the first start plus every restart).</summary>
    public int ProcessStarts => Volatile.Read(ref _starts);

    /// <summary>The running ffmpeg's process id, if one is running.</summary>
    internal int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _process?.Id;
            }
        }
    }

    public async Task RunAsync(ChannelWriter<Frame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var running = RunCoreAsync(output, linked.Token);
        lock (_gate)
        {
            _running = running;
        }

        await running.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        Kill();
        Task? running;
        lock (_gate)
        {
            running = _running;
        }

        if (running is not null)
        {
            // RunCoreAsync returns only after the process has exited and been reaped.
            await running.ConfigureAwait(false);
        }

        _disposed.Dispose();
    }

    private async Task RunCoreAsync(ChannelWriter<Frame> output, CancellationToken cancellationToken)
    {
        _status.Restart();
        if (Precondition() is { } problem)
        {
            Fail(problem);
            return;
        }

        var failures = 0;
        while (true)
        {
            Attempt attempt;
            try
            {
                attempt = await RunOnceAsync(output, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _status.Set(SourceState.Ended, "Stopped.");
                return;
            }
            catch (Win32Exception ex)
            {
                Fail($"Could not start '{_options.FfmpegPath}' for {_input.Display}: {ex.Message}. Install ffmpeg (apt-get install ffmpeg) or set FfmpegPath.");
                return;
            }

            if (attempt.EndOfInput)
            {
                _status.Set(SourceState.Ended, $"End of {_input.Display} after {_nextIndex} frames.");
                return;
            }

            failures = attempt.Frames > 0 ? 1 : failures + 1;
            if (failures > _options.ReconnectAttempts)
            {
                Fail($"{_input.Display}: gave up after {_options.ReconnectAttempts} reconnect attempts. Last failure: {attempt.Failure}");
                return;
            }

            var delay = ReconnectBackoff.Delay(failures, _options.InitialBackoff, _options.MaxBackoff, _options.BackoffJitter, _random.NextDouble());
            LogReconnecting(_logger, _input.Display, failures, _options.ReconnectAttempts, delay, attempt.Failure!);
            _status.Set(SourceState.Reconnecting, attempt.Failure, failures);
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _status.Set(SourceState.Ended, "Stopped.");
                return;
            }
        }
    }

    private string? Precondition()
    {
        if (_options.Validate() is { Count: > 0 } errors)
        {
            return $"Invalid ffmpeg source options for {_input.Display}: {string.Join(" ", errors)}";
        }

        return _input.Kind switch
        {
            FfmpegInputKind.Webcam when !File.Exists(_input.Target) =>
                $"Webcam device '{_input.Target}' does not exist (no camera attached, or no V4L2 in this kernel); `ls /dev/video*` lists the devices.",
            FfmpegInputKind.File when !File.Exists(_input.Target) => $"Video file '{Path.GetFullPath(_input.Target)}' does not exist.",
            _ => null,
        };
    }

    private void Fail(string reason)
    {
        LogFailed(_logger, reason);
        _status.Set(SourceState.Failed, reason);
    }

    private void Kill()
    {
        lock (_gate)
        {
            try
            {
                if (_process is { HasExited: false } process)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
            {
                // Exited between the check and the kill.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg for {Input} stopped (attempt {Attempt} of {Attempts}, retrying in {Delay}): {Reason}")]
    private static partial void LogReconnecting(ILogger logger, string input, int attempt, int attempts, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "ffmpeg source failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started ffmpeg (pid {Pid}) for {Input}: {Width}x{Height}")]
    private static partial void LogStarted(ILogger logger, int pid, string input, int width, int height);

    /// <summary>How one ffmpeg run ended: the end of a file, or a failure worth a restart.</summary>
    private readonly record struct Attempt(bool EndOfInput, string? Failure, long Frames);
}
