using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using OpenCvSharp;
using SiloStatus = EdgeVision.Contracts.Wire.Json.SiloStatus;

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

    public static string StatusTopic(string camera, string site = Site) => MqttTopics.Build(site, camera, TopicKind.Status);

    /// <summary>An online silo's status, serving <paramref name="cameras"/> of <see cref="Site"/> (every 5 s).</summary>
    public static SiloStatus Silo(string siloId, DateTimeOffset at, params string[] cameras) =>
        new(siloId, SiloState.Online, "127.0.0.1:11111@1", at.AddMinutes(-5), at, 5, SiloHealth.Healthy, 2, 4,
            [new BatchSizeCount(4, 12)], [new SiloModel("conv3d", "conv3d", "synthetic-v1", "cpu")],
            [.. cameras.Select(c => new SiloCamera(Site, c, false, "conv3d", "synthetic-v1", at))]);

    /// <summary>A 160x90 JPEG of one colour (BGR), as the edge's preview would be.</summary>
    public static byte[] Jpeg(byte blue, byte green, byte red)
    {
        using var image = new Mat(90, 160, MatType.CV_8UC3, new Scalar(blue, green, red));
        return image.ImEncode(".jpg", [new ImageEncodingParam(ImwriteFlags.JpegQuality, 80)]);
    }

    /// <summary>A silo's notice that it dropped sequence <paramref name="sequence"/> of <paramref name="camera"/> for <paramref name="reason"/> (a tag).</summary>
    public static DropNotice Drop(string reason, long sequence = 1, string camera = "cam-1", string site = Site) =>
        new(site, camera, sequence, sequence * 16, (sequence * 16) + 15, 16, reason, Epoch.AddSeconds(sequence), "silo-a");

    public static ControlMessage Control(string camera = "cam-1", DateTimeOffset? issuedAt = null) =>
        new(Site, camera, "p95 over budget for 5 s", issuedAt ?? Epoch, TargetFps: 10, FrameSkip: 2, Width: 96, Height: 96);
}
