using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Tests.Inference.Batching;

/// <summary>Inference requests for tests: seeded RGB frames (ImageNet normalisation), a capture time and a deadline.</summary>
internal static class Requests
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static InferenceRequest Create(
        string camera = "site/cam-1",
        string model = "tiny",
        int size = 32,
        int sequence = 4,
        DateTimeOffset? capturedAt = null,
        double maxLatencyMs = 200,
        int seed = 1,
        IDisposable? owner = null)
    {
        var captured = capturedAt ?? Start;
        var random = new Random(seed);
        var frames = new ReadOnlyMemory<byte>[sequence];
        for (var i = 0; i < frames.Length; i++)
        {
            var frame = new byte[size * size * 3];
            random.NextBytes(frame);
            frames[i] = frame;
        }

        return new InferenceRequest(camera, model, new SequenceFrames(frames, size, size, PixelOrder.Rgb, PixelNormalization.ImageNet, owner), captured, captured.AddMilliseconds(maxLatencyMs));
    }

    /// <summary>The model input <paramref name="request"/>'s frames become (read before the engine takes them).</summary>
    public static float[] ModelInput(InferenceRequest request)
    {
        var values = new float[request.Elements];
        request.Frames.WriteTo(values);
        return values;
    }
}
