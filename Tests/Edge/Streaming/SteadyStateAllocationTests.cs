using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;

namespace EdgeVision.Tests.Edge.Streaming;

/// <summary>
/// Pooled buffers at work: once warm, a 640x480 stream allocates a small fraction of a frame per frame, so many
/// cameras at 30 fps do not feed the large object heap.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public sealed class SteadyStateAllocationTests
{
    [Fact]
    public async Task AWarmStreamAllocatesFarLessThanAFramePerFrame()
    {
        const int Warmup = 100, Measured = 300, Length = 8;
        var source = new GeneratorFrameSource((i, pixels) => { pixels[0] = (byte)i; return i < Warmup + Measured; }, 640, 480, fps: 30, PixelOrder.Bgr, Playback.AtRate(200));
        var config = new VideoConfig { TargetWidth = 224, TargetHeight = 224, Fps = null, SequenceLength = Length, BufferSize = 8 };
        await using var stream = new VideoStream(source, config, EdgeTestKit.NewMeterFactory(), new VideoStreamOptions { SequenceBufferSize = 2 });
        stream.StartStreaming();

        long? startBytes = null, startFrames = null;
        while (await stream.GetSequenceAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken) is { } sequence)
        {
            sequence.Dispose();
            if (startBytes is null && stream.Instruments.FramesCaptured >= Warmup)
            {
                (startBytes, startFrames) = (GC.GetTotalAllocatedBytes(precise: true), stream.Instruments.FramesCaptured);
            }
        }

        var info = stream.GetInfo();
        Assert.NotNull(startBytes);
        var perFrame = (GC.GetTotalAllocatedBytes(precise: true) - startBytes.Value) / (double)(info.FramesCaptured - startFrames!.Value);
        TestContext.Current.TestOutputHelper?.WriteLine($"{perFrame:0} bytes per frame after warm-up; {info.FramesCaptured} captured, {info.DroppedByReason.Values.Sum()} dropped");
        Assert.True(perFrame < 640 * 480 * 3 / 10, $"{perFrame:0} bytes allocated per frame");
    }
}
