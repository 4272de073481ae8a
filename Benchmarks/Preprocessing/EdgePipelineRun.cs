using System.Diagnostics;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeVision.Benchmarks.Preprocessing;

/// <summary>
/// One timed pass of a video file through the edge agent's own pipeline: the source decodes, the stream's loop
/// resizes to side x side and assembles 16-frame sequences, and this thread JPEG-encodes each sequence as the
/// publisher would. Unpaced, with a capture buffer as long as the file so nothing is dropped.
/// </summary>
internal static class EdgePipelineRun
{
    public const int SequenceLength = 16;

    public static async Task<PassResult> RunAsync(IFrameSource source, int frames, int side, int jpegQuality, CancellationToken cancellationToken)
    {
        var config = new VideoConfig { TargetWidth = side, TargetHeight = side, Fps = null, SequenceLength = SequenceLength, BufferSize = frames };
        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = Contracts.Wire.PixelFormat.Jpeg, JpegQuality = jpegQuality }, config);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var stream = new VideoStream(source, config, services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            new VideoStreamOptions { SequenceBufferSize = 8 });
        long jpegBytes = 0;
        var encoded = 0;
        var clock = Stopwatch.StartNew();
        stream.StartStreaming();
        while (await stream.GetSequenceAsync(TimeSpan.FromSeconds(60), cancellationToken) is { } sequence)
        {
            using (sequence)
            {
                var wire = encoder.Encode(sequence, "bench", "camera", source.SourceFps);
                jpegBytes += wire.Frames.Sum(frame => (long)frame.Length);
                encoded += wire.Frames.Length;
            }
        }

        await stream.Completion.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        clock.Stop();
        var info = stream.GetInfo();
        if (info.FramesCaptured != frames || encoded != frames / SequenceLength * SequenceLength || source.Status.State != SourceState.Ended)
        {
            throw new InvalidOperationException(
                $"{source.Description}: captured {info.FramesCaptured} of {frames} frames and encoded {encoded}; source {source.Status}.");
        }

        return new PassResult(clock.Elapsed, frames, jpegBytes / (double)encoded);
    }
}
