using EdgeVision.Edge.Sources.Ffmpeg;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Edge.Sources;

/// <summary>
/// Builds the source a source string names: files through OpenCV, network streams and V4L2 webcams through an
/// ffmpeg process (OpenCvSharp's bundled FFmpeg has no network protocols and no V4L2 device handling here), and
/// the synthetic action scenes as a camera paced at their frame rate.
/// </summary>
public sealed class FrameSourceFactory(TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILoggerFactory _loggers = loggerFactory ?? NullLoggerFactory.Instance;

    /// <summary>A source for <paramref name="source"/>; throws <see cref="FrameSourceException"/> with the valid forms when it names none.</summary>
    public IFrameSource Create(string source, FrameSourceOptions? options = null) => Create(FrameSourceSpec.Parse(source), options);

    public IFrameSource Create(FrameSourceSpec spec, FrameSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new FrameSourceOptions();
        return spec.Kind switch
        {
            FrameSourceKind.File => new FileFrameSource(spec.Target, options.FilePlayback, options.Loop, _time, _loggers.CreateLogger<FileFrameSource>()),
            FrameSourceKind.Network => new FfmpegFrameSource(FfmpegInput.Network(spec.Target), options.Ffmpeg, _time, _loggers.CreateLogger<FfmpegFrameSource>()),
            FrameSourceKind.Webcam => new FfmpegFrameSource(FfmpegInput.Webcam(spec.Target), options.Ffmpeg, _time, _loggers.CreateLogger<FfmpegFrameSource>()),
            FrameSourceKind.Synthetic => new SyntheticFrameSource(SyntheticSourceSettings.Parse(spec.Target), Playback.SourceRate, _time),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown source kind."),
        };
    }
}
