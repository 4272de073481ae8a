using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace EdgeVision.Edge.Sources;

/// <summary>
/// A video file decoded by OpenCV's bundled FFmpeg. End of file is <see cref="SourceState.Ended"/> (or a new pass
/// when looping), never a reconnect; a missing, unreadable or truncated file is <see cref="SourceState.Failed"/>
/// with the path and the reason.
/// </summary>
public sealed partial class FileFrameSource : IFrameSource
{
    private readonly StatusTracker _status = new();
    private readonly string _path;
    private readonly Playback _playback;
    private readonly bool _loop;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FileFrameSource(string path, Playback? playback = null, bool loop = false, TimeProvider? time = null, ILogger<FileFrameSource>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _playback = playback ?? Playback.SourceRate;
        _loop = loop;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<FileFrameSource>.Instance;
    }

    public string Description => $"file {_path} ({_playback}{(_loop ? ", looping" : "")})";

    public SourceStatus Status => _status.Status;

    public event Action<SourceStatus>? StatusChanged
    {
        add => _status.Changed += value;
        remove => _status.Changed -= value;
    }

    public double? SourceFps { get; private set; }

    public (int Width, int Height)? FrameSize { get; private set; }

    public async Task RunAsync(ChannelWriter<Frame> output, CancellationToken cancellationToken)
    {
        _status.Restart();
        if (!File.Exists(_path))
        {
            Fail($"Video file '{Path.GetFullPath(_path)}' does not exist.");
            return;
        }

        try
        {
            // Decoding blocks; keep it off the caller's thread.
            await Task.Run(() => ReadAsync(output, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _status.Set(SourceState.Ended, "Stopped.");
        }
        catch (Exception ex) when (ex is OpenCVException or InvalidOperationException)
        {
            Fail($"Video file '{_path}' could not be decoded: {ex.Message}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task ReadAsync(ChannelWriter<Frame> output, CancellationToken cancellationToken)
    {
        using var capture = new VideoCapture(_path, VideoCaptureAPIs.FFMPEG);
        if (!capture.IsOpened())
        {
            Fail($"Video file '{_path}' is not a video OpenCV can open (unknown container, no video stream, or a truncated file whose index is missing).");
            return;
        }

        var fps = capture.Fps;
        SourceFps = double.IsFinite(fps) && fps > 0 ? fps : null;
        FrameSize = (capture.FrameWidth, capture.FrameHeight);
        var declared = capture.FrameCount;
        LogOpened(_logger, _path, capture.FrameWidth, capture.FrameHeight, fps, declared);

        var pacer = new FramePacer(_time, _playback.Interval(SourceFps));
        long index = 0;
        var passStart = TimeSpan.Zero;
        var mediaTime = TimeSpan.Zero;
        using var mat = new Mat();
        while (true)
        {
            var inPass = 0L;
            while (capture.Read(mat) && !mat.Empty())
            {
                cancellationToken.ThrowIfCancellationRequested();
                await pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
                mediaTime = passStart + TimeSpan.FromMilliseconds(capture.Get(VideoCaptureProperties.PosMsec));
                var frame = MatFrames.Copy(mat, index++, _time.GetUtcNow(), mediaTime);
                if (inPass++ == 0)
                {
                    // Before the frame leaves: whoever reads it must find the source Streaming.
                    _status.Set(SourceState.Streaming);
                }

                await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }

            if (Explain(inPass, declared) is { } problem)
            {
                Fail(problem);
                return;
            }

            if (!_loop)
            {
                _status.Set(SourceState.Ended, $"End of file after {index} frames.");
                return;
            }

            // Media time keeps increasing across passes so fps limiting sees one continuous stream.
            passStart = mediaTime + (SourceFps is { } rate ? TimeSpan.FromSeconds(1 / rate) : TimeSpan.FromMilliseconds(1));

            // Rewinding is cheaper than reopening and keeps the frame index increasing across passes.
            if (!capture.Set(VideoCaptureProperties.PosFrames, 0))
            {
                Fail($"Video file '{_path}' cannot be rewound to loop.");
                return;
            }
        }
    }

    // FrameCount comes from the container's header; a file that ends well short of it was cut off.
    private string? Explain(long framesRead, int declared) =>
        framesRead == 0
            ? $"Video file '{_path}' has no decodable frames (empty or corrupt video stream)."
            : declared > 0 && framesRead < declared - Math.Max(2, declared / 20)
                ? $"Video file '{_path}' is truncated: its header declares {declared} frames but decoding stopped after {framesRead}."
                : null;

    private void Fail(string reason)
    {
        LogFailed(_logger, reason);
        _status.Set(SourceState.Failed, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened {Path}: {Width}x{Height} at {Fps} fps, {FrameCount} frames declared")]
    private static partial void LogOpened(ILogger logger, string path, int width, int height, double fps, int frameCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File source failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
