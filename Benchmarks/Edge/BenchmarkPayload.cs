using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;

namespace EdgeVision.Benchmarks.Edge;

/// <summary>
/// A real sequence payload made by the agent's own path (generator -> VideoStream -> SequenceEncoder -> protobuf):
/// 16 raw RGB24 frames of 80x80 of noise, about 300 KB.
/// </summary>
internal static class BenchmarkPayload
{
    public static async Task<byte[]> CreateAsync(CancellationToken cancellationToken)
    {
        var random = new Random(42);
        var source = new GeneratorFrameSource((_, pixels) => { random.NextBytes(pixels); return true; }, 80, 80, 30, PixelOrder.Rgb, Playback.Unpaced);
        var config = new VideoConfig { TargetWidth = 80, TargetHeight = 80, Fps = null, SequenceLength = 16 };
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        await using var stream = new VideoStream(source, config, meters);
        stream.StartStreaming();
        using var sequence = await stream.GetSequenceAsync(TimeSpan.FromSeconds(30), cancellationToken)
            ?? throw new InvalidOperationException("The generator produced no sequence.");
        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = PixelFormat.Rgb24 }, config);
        return SequenceCodec.Encode(encoder.Encode(sequence, "bench", "camera-1", 30));
    }

    /// <summary>
    /// The same bytes made fit for <c>mosquitto_pub -l</c>, which reads one message per line and measures it with
    /// strlen: NUL and newline become 0x0B. Same length, so the broker does the same work.
    /// </summary>
    public static byte[] AsLine(byte[] payload) => [.. payload.Select(b => b is 0 or 10 ? (byte)11 : b), (byte)'\n'];
}
