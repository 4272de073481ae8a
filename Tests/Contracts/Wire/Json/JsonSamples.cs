using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Tests.Contracts.Wire.Json;

/// <summary>Valid JSON messages, and the examples from the types' XML docs (kept in step by a test).</summary>
internal static class JsonSamples
{
    public const string InferenceResultExample = """
        {
          "site": "warehouse-1",
          "camera": "dock-3",
          "sequenceNumber": 1042,
          "firstFrameIndex": 16672,
          "lastFrameIndex": 16702,
          "firstCaptureTime": "2026-11-25T18:46:21.120000+00:00",
          "lastCaptureTime": "2026-11-25T18:46:22.120000+00:00",
          "completedAt": "2026-11-25T18:46:22.310000+00:00",
          "endToEndLatencyMs": 190.4,
          "inferenceLatencyMs": 41.7,
          "modelName": "r2plus1d_18",
          "modelVersion": "kinetics400-v1",
          "topK": [
            { "label": "walking the dog", "classIndex": 388, "confidence": 0.82 },
            { "label": "jogging", "classIndex": 172, "confidence": 0.09 }
          ],
          "adaptiveState": { "width": 224, "height": 224, "frameSkip": 1, "batchSize": 4, "targetFps": 15 },
          "latencyBreakdown": { "edgeMs": 21.3, "transportMs": 4.1, "ingestMs": 2.2, "decodeMs": 6.8, "queueMs": 101.2, "forwardMs": 41.7, "otherMs": 13.1 },
          "trueLabel": "walking the dog"
        }
        """;

    public const string CameraStatusExample = """
        {
          "site": "warehouse-1",
          "camera": "dock-3",
          "state": "offline",
          "agentVersion": "1.4.0",
          "timestamp": "2026-11-25T18:46:21.120000+00:00",
          "reason": "connection lost",
          "nominal": { "width": 224, "height": 224, "frameSkip": 0 }
        }
        """;

    public const string ControlMessageExample = """
        {
          "site": "warehouse-1",
          "camera": "dock-3",
          "targetFps": 10,
          "frameSkip": 2,
          "width": 160,
          "height": 160,
          "reason": "inference queue over 80% for 30 s",
          "issuedAt": "2026-11-25T18:46:21.120000+00:00",
          "expectedAccuracy": 0.93,
          "cause": "queue-bound"
        }
        """;

    public const string LatencyReportExample = """
        {
          "site": "warehouse-1",
          "camera": "dock-3",
          "cause": "transport-bound",
          "acting": false,
          "p95Ms": 165.2,
          "targetLatencyMs": 100,
          "samples": 24,
          "tail": { "edgeMs": 3.1, "transportMs": 131.0, "ingestMs": 1.9, "decodeMs": 5.2, "queueMs": 0.4, "forwardMs": 4.4, "otherMs": 2.3 },
          "detail": "transport 131.0 ms of the late results' 148.3 ms; no knob shrinks it",
          "issuedAt": "2026-11-25T18:46:21.120000+00:00",
          "expectedAccuracy": 0.984,
          "maxLatencyMs": 200
        }
        """;

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 18, 46, 21, 120, 7, TimeSpan.FromHours(1));

    public static InferenceResult Result() => new(
        "warehouse-1", "dock-3", 1042, 16672, 16702, Now.AddSeconds(-1), Now, Now.AddMilliseconds(190.4), 190.4, 41.7,
        "r2plus1d_18", "kinetics400-v1",
        [new LabelScore("walking the dog", 388, 0.82), new LabelScore("jogging", 172, 0.09)],
        new AdaptiveState(224, 224, 1, 4, 15),
        new LatencyBreakdown(21.3, 4.1, 2.2, 6.8, 101.2, 41.7, 13.1));

    public static CameraStatus Status() => new("warehouse-1", "dock-3", CameraState.Online, "1.4.0", Now);

    public static ControlMessage Control() => new("warehouse-1", "dock-3", "inference queue over 80% for 30 s", Now, TargetFps: 10, Width: 160, Height: 160);

    public static LatencyReport Report() => new("warehouse-1", "dock-3", LatencyCause.TransportBound, false, 165.2, 100, 24,
        new LatencyBreakdown(3.1, 131.0, 1.9, 5.2, 0.4, 4.4, 2.3), "transport 131.0 ms of the late results' 148.3 ms; no knob shrinks it", Now, 0.984, 200);
}
