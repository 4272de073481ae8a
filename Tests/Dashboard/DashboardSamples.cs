using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
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

    public static CameraStatus Status(CameraState state, DateTimeOffset at, string camera = "cam-1", string? reason = null, NominalSettings? nominal = null) =>
        new(Site, camera, state, "1.0.0", at, reason, nominal);

    public static LatencyReport Report(LatencyCause cause, bool acting, DateTimeOffset issuedAt, string camera = "cam-1", double? expectedAccuracy = null) =>
        new(Site, camera, cause, acting, 165, 100, 24, new LatencyBreakdown(3, 140, 2, 5, 0.4, 4.4, 10.2),
            "transport 140.0 ms, other 10.2 ms, decode 5.0 ms of 165.0 ms in the late results, p95 165.0 ms; no knob can shrink it", issuedAt, expectedAccuracy);

    public static ControlMessage Control(string camera = "cam-1", DateTimeOffset? issuedAt = null) =>
        new(Site, camera, "p95 over budget for 5 s", issuedAt ?? Epoch, TargetFps: 10, FrameSkip: 2, Width: 96, Height: 96);
}
