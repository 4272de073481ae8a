using System.Collections.Immutable;
using System.Runtime.InteropServices;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Preprocessing;
using OpenCvSharp;

namespace EdgeVision.Edge.Encoding;

/// <summary>
/// Turns an <see cref="AssembledSequence"/> into a wire <see cref="FrameSequence"/>: each frame as JPEG
/// (OpenCV, quality configurable) or as RGB24 bytes, with the preprocessing that produced it and
/// the normalisation the silo is to apply, the frames' labels when the source knew them, and the camera's nominal settings
/// (its configured <see cref="VideoConfig"/> size and frame skip, whatever control messages changed since). Output owns its
/// bytes, so the sequence may be disposed afterwards.
/// </summary>
public sealed class SequenceEncoder
{
    private readonly SequenceEncoderOptions _options;
    private readonly VideoConfig _config;
    private readonly ImageEncodingParam[] _jpegParams;

    public SequenceEncoder(SequenceEncoderOptions options, VideoConfig config)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        if (options.Format is not (PixelFormat.Jpeg or PixelFormat.Rgb24))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Format must be Jpeg or Rgb24.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.JpegQuality, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.JpegQuality, 100, nameof(options));
        _options = options;
        _config = config;
        _jpegParams = [new ImageEncodingParam(ImwriteFlags.JpegQuality, options.JpegQuality)];
    }

    /// <summary>The configured size and frame skip (the <c>Video</c> settings before any control message), sent with every sequence.</summary>
    public NominalSettings Nominal => NominalSettings.Of(_config);

    /// <param name="sourceFps">The source's rate, reported as the target rate when the stream keeps it (fps unset).</param>
    public FrameSequence Encode(AssembledSequence sequence, string siteId, string cameraId, double? sourceFps = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var frames = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>(sequence.Frames.Length);
        foreach (var frame in sequence.Frames)
        {
            frames.Add(_options.Format == PixelFormat.Jpeg
                ? Jpeg(frame, sequence.Width, sequence.Height, sequence.Order)
                : Rgb24(frame, sequence.Width, sequence.Height, sequence.Order));
        }

        return new FrameSequence(siteId, cameraId, sequence.SequenceNumber, sequence.FrameIndices, Timestamps(sequence),
            sequence.Width, sequence.Height, _options.Format, frames.MoveToImmutable(), Parameters(sequence, sourceFps))
        {
            FrameLabels = sequence.FrameLabels,
        };
    }

    // A frame's one colour conversion, if any, happens here: OpenCV encodes JPEG from BGR (what cameras and files
    // capture, so their frames go in as they are); only frames captured in RGB (the synthetic scenes) are swapped.
    private byte[] Jpeg(ReadOnlyMemory<byte> frame, int width, int height, PixelOrder order)
    {
        using var source = Wrap(frame, width, height);
        if (order == PixelOrder.Bgr)
        {
            Cv2.ImEncode(".jpg", source, out var direct, _jpegParams);
            return direct;
        }

        using var bgr = new Mat();
        Cv2.CvtColor(source, bgr, ColorConversionCodes.RGB2BGR);
        Cv2.ImEncode(".jpg", bgr, out var jpeg, _jpegParams);
        return jpeg;
    }

    // RGB24 on the wire is RGB: frames captured in BGR are swapped while they are copied out.
    private static byte[] Rgb24(ReadOnlyMemory<byte> frame, int width, int height, PixelOrder order)
    {
        if (order == PixelOrder.Rgb)
        {
            return frame.ToArray();
        }

        var rgb = new byte[frame.Length];
        using var source = Wrap(frame, width, height);
        using var target = Mat.FromPixelData(height, width, MatType.CV_8UC3, rgb);
        Cv2.CvtColor(source, target, ColorConversionCodes.BGR2RGB);
        return rgb;
    }

    // Frames are pooled arrays from offset 0; wrap them without a copy.
    private static Mat Wrap(ReadOnlyMemory<byte> frame, int width, int height)
    {
        var pixels = MemoryMarshal.TryGetArray(frame, out var segment) && segment.Offset == 0 ? segment.Array! : frame.ToArray();
        return Mat.FromPixelData(height, width, MatType.CV_8UC3, pixels);
    }

    // The wire wants strictly increasing microseconds; an unpaced source can stamp two frames in one microsecond.
    private static ImmutableArray<long> Timestamps(AssembledSequence sequence)
    {
        var times = ImmutableArray.CreateBuilder<long>(sequence.CaptureTimes.Length);
        var previous = long.MinValue;
        foreach (var time in sequence.CaptureTimes)
        {
            var us = Math.Max((time - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond, previous + 1);
            times.Add(us);
            previous = us;
        }

        return times.MoveToImmutable();
    }

    private PreprocessingParameters Parameters(AssembledSequence sequence, double? sourceFps)
    {
        var settings = sequence.Settings;
        var interpolation = FramePreprocessor.Choose(settings.Interpolation, sequence.SourceWidth, sequence.SourceHeight, sequence.Width, sequence.Height);
        var fps = settings.Fps ?? sourceFps ?? Estimate(sequence) ?? VideoConfig.MaxFrameRate;
        return new PreprocessingParameters(
            (float)Math.Clamp(fps, 0.001, VideoConfig.MaxFrameRate),
            settings.FrameSkip,
            sequence.Stride,
            _config.Normalize,
            [.. _config.Mean.Select(v => (float)v)],
            [.. _config.Std.Select(v => (float)v)],
            sequence.SourceWidth,
            sequence.SourceHeight,
            FramePreprocessor.Name(interpolation),
            _options.Format == PixelFormat.Jpeg ? _options.JpegQuality : 0,
            Nominal);
    }

    private static double? Estimate(AssembledSequence sequence)
    {
        var span = sequence.CaptureTimes[^1] - sequence.CaptureTimes[0];
        return sequence.CaptureTimes.Length > 1 && span > TimeSpan.Zero ? (sequence.CaptureTimes.Length - 1) / span.TotalSeconds : null;
    }
}
