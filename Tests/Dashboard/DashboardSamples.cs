using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Tests.Dashboard;

/// <summary>Valid wire messages for the dashboard tests, with the fields the tests vary as parameters.</summary>
internal static class DashboardSamples
{
    public const string Site = "site-a";

    public static readonly DateTimeOffset Epoch = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);

    public static InferenceResult Result(
        string camera = "cam-1",
        long sequence = 1,
        string label = "walking",
        double confidence = 0.82,
        double endToEndMs = 120,
        double inferenceMs = 40,
        AdaptiveState? adaptive = null,
        string site = Site,
        string? trueLabel = null)
    {
        var captured = Epoch.AddSeconds(sequence);
        return new InferenceResult(
            site, camera, sequence, sequence * 16, (sequence * 16) + 15, captured, captured.AddMilliseconds(500),
            captured.AddMilliseconds(500 + endToEndMs), endToEndMs, inferenceMs, "conv3d", "synthetic-v1",
            [new LabelScore(label, 3, confidence), new LabelScore("running", 5, (1 - confidence) / 2)],
            adaptive ?? new AdaptiveState(112, 112, 0, 4, 15)) { TrueLabel = trueLabel };
    }

    public static CameraStatus Status(CameraState state, DateTimeOffset at, string camera = "cam-1", string? reason = null) =>
        new(Site, camera, state, "1.0.0", at, reason);

    public static ControlMessage Control(string camera = "cam-1", DateTimeOffset? issuedAt = null) =>
        new(Site, camera, "p95 over budget for 5 s", issuedAt ?? Epoch, TargetFps: 10, FrameSkip: 2, Width: 96, Height: 96);
}
