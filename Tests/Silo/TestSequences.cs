using System.Collections.Immutable;
using EdgeVision.Contracts.Wire;
using EdgeVision.Synthetic;
using OpenCvSharp;

namespace EdgeVision.Tests.Silo;

/// <summary>Wire sequences for silo tests: RGB24 or JPEG frames filled by a pixel function.</summary>
internal static class TestSequences
{
    public static readonly ImmutableArray<float> ImageNetMean = [0.485f, 0.456f, 0.406f];
    public static readonly ImmutableArray<float> ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>Interleaved RGB bytes of a frame whose pixel (x, y) of frame f is <paramref name="pixel"/>(f, x, y).</summary>
    public static byte[] Rgb(int width, int height, int frame, Func<int, int, int, (byte R, byte G, byte B)> pixel)
    {
        var bytes = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(frame, x, y);
                var i = ((y * width) + x) * 3;
                (bytes[i], bytes[i + 1], bytes[i + 2]) = (r, g, b);
            }
        }

        return bytes;
    }

    public static byte[] Jpeg(byte[] rgb, int width, int height, int quality = 95)
    {
        using var source = Mat.FromPixelData(height, width, MatType.CV_8UC3, rgb);
        using var bgr = new Mat();
        Cv2.CvtColor(source, bgr, ColorConversionCodes.RGB2BGR);
        Cv2.ImEncode(".jpg", bgr, out var jpeg, [new ImageEncodingParam(ImwriteFlags.JpegQuality, quality)]);
        return jpeg;
    }

    /// <summary>A synthetic action clip as an edge would send it (ImageNet normalisation, as the shipped models were trained).</summary>
    public static FrameSequence FromClip(SyntheticClip clip, string site, string camera, long number, DateTimeOffset lastCapture, PixelFormat format = PixelFormat.Rgb24)
    {
        var sequence = Create(site, camera, number, lastCapture, clip.FrameCount, clip.Width, clip.Height, PixelFormat.Rgb24, (_, _, _) => (0, 0, 0));
        var frames = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>(clip.FrameCount);
        for (var f = 0; f < clip.FrameCount; f++)
        {
            var rgb = clip.Frame(f).ToArray();
            frames.Add(format == PixelFormat.Jpeg ? Jpeg(rgb, clip.Width, clip.Height) : rgb);
        }

        return sequence with
        {
            PixelFormat = format,
            Frames = frames.MoveToImmutable(),
            Preprocessing = sequence.Preprocessing with { JpegQuality = format == PixelFormat.Jpeg ? 95 : 0 },
        };
    }

    /// <summary>A valid sequence whose last frame was captured at <paramref name="lastCapture"/>, frames 33 ms apart.</summary>
    public static FrameSequence Create(
        string site,
        string camera,
        long number,
        DateTimeOffset lastCapture,
        int frames = 8,
        int width = 32,
        int height = 32,
        PixelFormat format = PixelFormat.Rgb24,
        Func<int, int, int, (byte R, byte G, byte B)>? pixel = null,
        bool normalize = true)
    {
        pixel ??= (f, x, y) => ((byte)((x * 8) + f), (byte)(y * 8), (byte)(255 - (x * 4)));
        var lastUs = (lastCapture - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        var frameBytes = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>(frames);
        for (var f = 0; f < frames; f++)
        {
            var rgb = Rgb(width, height, f, pixel);
            frameBytes.Add(format == PixelFormat.Jpeg ? Jpeg(rgb, width, height) : rgb);
        }

        return new FrameSequence(
            site,
            camera,
            number,
            [.. Enumerable.Range(0, frames).Select(f => (number * frames) + f)],
            [.. Enumerable.Range(0, frames).Select(f => lastUs - ((frames - 1 - f) * 33_333L))],
            width,
            height,
            format,
            frameBytes.MoveToImmutable(),
            new PreprocessingParameters(30, 0, frames, normalize, ImageNetMean, ImageNetStd, width, height, "area", format == PixelFormat.Jpeg ? 95 : 0));
    }
}
