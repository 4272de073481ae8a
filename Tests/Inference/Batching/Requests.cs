using EdgeVision.Inference.Batching;

namespace EdgeVision.Tests.Inference.Batching;

/// <summary>Inference requests for tests: seeded pixels, a capture time and a deadline.</summary>
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
        int seed = 1)
    {
        var captured = capturedAt ?? Start;
        var random = new Random(seed);
        var pixels = new float[sequence * 3 * size * size];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.NextSingle();
        }

        return new InferenceRequest(camera, model, sequence, 3, size, size, pixels, captured, captured.AddMilliseconds(maxLatencyMs));
    }
}
