using System.Collections.Immutable;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>The ranges documented on the JSON message types, after the ids.</summary>
internal static class JsonMessageValidator
{
    public const int MaxTopK = 100;
    public const int MaxDimension = 4096;
    public const int MaxSiloCameras = 10_000;
    public const int MaxSiloModels = 64;
    public const int MaxBatchSizes = 1024;

    public static DecodeFailure? Validate(InferenceResult r) =>
        FieldRules.Ids(r.Site, r.Camera) ?? Invalid(FieldRules.First(
            FieldRules.Range("sequenceNumber", r.SequenceNumber, 0, long.MaxValue),
            FieldRules.Range("firstFrameIndex", r.FirstFrameIndex, 0, long.MaxValue),
            FieldRules.Range("lastFrameIndex", r.LastFrameIndex, r.FirstFrameIndex, long.MaxValue),
            r.LastCaptureTime < r.FirstCaptureTime ? "lastCaptureTime must not be before firstCaptureTime" : null,
            FieldRules.Range("endToEndLatencyMs", r.EndToEndLatencyMs, 0, double.MaxValue),
            FieldRules.Range("inferenceLatencyMs", r.InferenceLatencyMs, 0, double.MaxValue),
            FieldRules.Text("modelName", r.ModelName, 128),
            FieldRules.Text("modelVersion", r.ModelVersion, 64),
            TopK(r),
            r.AdaptiveState is null ? "adaptiveState is required" : Adaptive(r.AdaptiveState),
            r.LatencyBreakdown is null ? null : Breakdown("latencyBreakdown", r.LatencyBreakdown),
            r.TrueLabel is null ? null : GroundTruth.ExplainLabel(r.TrueLabel) is { } label ? $"trueLabel {label}" : null));

    public static DecodeFailure? Validate(CameraStatus s) =>
        FieldRules.Ids(s.Site, s.Camera) ?? Invalid(FieldRules.First(
            Enum.IsDefined(s.State) ? null : $"state must be \"online\" or \"offline\" (was {(int)s.State})",
            FieldRules.Text("agentVersion", s.AgentVersion, 64),
            FieldRules.Text("reason", s.Reason, 256, required: false),
            s.Nominal?.Explain()));

    public static DecodeFailure? Validate(ControlMessage c) =>
        FieldRules.Ids(c.Site, c.Camera) ?? Invalid(FieldRules.First(
            c.TargetFps is null && c.FrameSkip is null && c.Width is null && c.Height is null
                ? "at least one of targetFps, frameSkip, width/height is required" : null,
            c.TargetFps is { } fps ? fps > 0 ? FieldRules.Range("targetFps", fps, 0, 120) : $"targetFps must be > 0 (was {fps})" : null,
            c.FrameSkip is { } skip ? FieldRules.Range("frameSkip", skip, 0, 1000) : null,
            (c.Width is null) != (c.Height is null) ? "width and height must be given together" : null,
            c.Width is { } w ? FieldRules.Range("width", w, 1, MaxDimension) : null,
            c.Height is { } h ? FieldRules.Range("height", h, 1, MaxDimension) : null,
            FieldRules.Text("reason", c.Reason, 256),
            c.ExpectedAccuracy is { } accuracy ? FieldRules.Range("expectedAccuracy", accuracy, 0, 1) : null,
            c.Cause is { } cause && !Enum.IsDefined(cause) ? $"cause {(int)cause} is not a known cause" : null));

    public static DecodeFailure? Validate(LatencyReport r) =>
        FieldRules.Ids(r.Site, r.Camera) ?? Invalid(FieldRules.First(
            Enum.IsDefined(r.Cause) ? null : $"cause {(int)r.Cause} is not a known cause",
            FieldRules.Range("p95Ms", r.P95Ms, 0, double.MaxValue),
            FieldRules.Range("targetLatencyMs", r.TargetLatencyMs, 0, double.MaxValue),
            FieldRules.Range("samples", r.Samples, 0, int.MaxValue),
            r.Tail is null ? null : Breakdown("tail", r.Tail),
            FieldRules.Text("detail", r.Detail, 512),
            r.ExpectedAccuracy is { } accuracy ? FieldRules.Range("expectedAccuracy", accuracy, 0, 1) : null,
            r.MaxLatencyMs is { } max && !(double.IsFinite(max) && max >= r.TargetLatencyMs)
                ? $"maxLatencyMs must be finite and at least targetLatencyMs ({r.TargetLatencyMs}) (was {max})" : null));

    public static DecodeFailure? Validate(SiloStatus s)
    {
        if (Identifiers.Explain(s.SiloId) is { } id)
        {
            return new DecodeFailure(DecodeFailureReason.InvalidIds, $"siloId {id}.");
        }

        return Invalid(FieldRules.First(
            Enum.IsDefined(s.State) ? null : $"state must be \"online\" or \"offline\" (was {(int)s.State})",
            Enum.IsDefined(s.Health) ? null : $"health must be \"healthy\", \"degraded\" or \"unhealthy\" (was {(int)s.Health})",
            FieldRules.Text("address", s.Address, 128),
            s.IntervalSeconds > 0 ? FieldRules.Range("intervalSeconds", s.IntervalSeconds, 0, 86_400) : $"intervalSeconds must be > 0 (was {s.IntervalSeconds})",
            FieldRules.Range("queueDepth", s.QueueDepth, 0, int.MaxValue),
            FieldRules.Range("maxBatchSize", s.MaxBatchSize, 0, 1024),
            FieldRules.Text("reason", s.Reason, 256, required: false),
            FieldRules.Text("healthDetail", s.HealthDetail, 512, required: false),
            Each("batchSizes", s.BatchSizes, MaxBatchSizes, static (name, b) => FieldRules.First(
                FieldRules.Range($"{name}.size", b.Size, 1, 1024), FieldRules.Range($"{name}.sequences", b.Sequences, 0, long.MaxValue))),
            Each("models", s.Models, MaxSiloModels, static (name, m) => FieldRules.First(
                FieldRules.Text($"{name}.key", m.Key, 128), FieldRules.Text($"{name}.kind", m.Kind, 64),
                FieldRules.Text($"{name}.version", m.Version, 64), FieldRules.Text($"{name}.device", m.Device, 64))),
            Each("cameras", s.Cameras, MaxSiloCameras, static (name, c) => FieldRules.Ids(c.Site, c.Camera) is { } ids ? $"{name}: {ids.Message.TrimEnd('.')}" : FieldRules.First(
                FieldRules.Text($"{name}.model", c.Model, 128, required: false), FieldRules.Text($"{name}.modelVersion", c.ModelVersion, 64, required: false)))));
    }

    private static string? Each<T>(string name, ImmutableArray<T> items, int max, Func<string, T, string?> check)
        where T : class
    {
        if (items.IsDefault)
        {
            return $"{name} is required";
        }

        if (items.Length > max)
        {
            return $"{name} must have at most {max} entries (had {items.Length})";
        }

        for (var i = 0; i < items.Length; i++)
        {
            var problem = items[i] is null ? $"{name}[{i}] must not be null" : check($"{name}[{i}]", items[i]);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }
    public static DecodeFailure? Validate(DropNotice d) =>
        FieldRules.Ids(d.Site, d.Camera) ?? Invalid(FieldRules.First(
            FieldRules.Range("sequenceNumber", d.SequenceNumber, 0, long.MaxValue),
            FieldRules.Range("firstFrameIndex", d.FirstFrameIndex, 0, long.MaxValue),
            FieldRules.Range("lastFrameIndex", d.LastFrameIndex, d.FirstFrameIndex, long.MaxValue),
            FieldRules.Range("frames", d.Frames, 1, int.MaxValue),
            DropReasons.TryParseTag(d.Reason, out _) ? null : $"reason must be a drop reason's tag (was \"{Truncated(d.Reason)}\")",
            FieldRules.Text("silo", d.Silo, 128)));

    private static string? Truncated(string? text) => text is null ? null : text.Length <= 32 ? text : text[..32] + "…";

    private static string? TopK(InferenceResult r)
    {
        if (r.TopK.IsDefaultOrEmpty || r.TopK.Length > MaxTopK)
        {
            return $"topK must have 1 to {MaxTopK} entries (had {(r.TopK.IsDefault ? 0 : r.TopK.Length)})";
        }

        for (var i = 0; i < r.TopK.Length; i++)
        {
            var entry = r.TopK[i];
            var problem = entry is null ? $"topK[{i}] must not be null" : FieldRules.First(
                FieldRules.Text($"topK[{i}].label", entry.Label, 128),
                FieldRules.Range($"topK[{i}].classIndex", entry.ClassIndex, 0, int.MaxValue),
                FieldRules.Range($"topK[{i}].confidence", entry.Confidence, 0, 1),
                i > 0 && entry.Confidence > r.TopK[i - 1].Confidence ? "topK must be sorted by confidence, highest first" : null);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Adaptive(AdaptiveState a) => FieldRules.First(
        FieldRules.Range("adaptiveState.width", a.Width, 1, MaxDimension),
        FieldRules.Range("adaptiveState.height", a.Height, 1, MaxDimension),
        FieldRules.Range("adaptiveState.frameSkip", a.FrameSkip, 0, 1000),
        FieldRules.Range("adaptiveState.batchSize", a.BatchSize, 1, 1024),
        a.TargetFps > 0 ? FieldRules.Range("adaptiveState.targetFps", a.TargetFps, 0, 1000) : $"adaptiveState.targetFps must be > 0 (was {a.TargetFps})");

    private static string? Breakdown(string name, LatencyBreakdown b) => FieldRules.First(
        b.EdgeMs is { } edge ? FieldRules.Range($"{name}.edgeMs", edge, 0, double.MaxValue) : null,
        FieldRules.Range($"{name}.transportMs", b.TransportMs, 0, double.MaxValue),
        FieldRules.Range($"{name}.ingestMs", b.IngestMs, 0, double.MaxValue),
        FieldRules.Range($"{name}.decodeMs", b.DecodeMs, 0, double.MaxValue),
        FieldRules.Range($"{name}.queueMs", b.QueueMs, 0, double.MaxValue),
        FieldRules.Range($"{name}.forwardMs", b.ForwardMs, 0, double.MaxValue),
        FieldRules.Range($"{name}.otherMs", b.OtherMs, 0, double.MaxValue));

    private static DecodeFailure? Invalid(string? problem) =>
        problem is null ? null : new DecodeFailure(DecodeFailureReason.InvalidField, $"{char.ToUpperInvariant(problem[0])}{problem[1..]}.");
}
