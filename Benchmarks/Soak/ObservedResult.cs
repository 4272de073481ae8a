using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>A result as it arrived at the soak's subscriber: when, for which camera and capture time, with the settings in force.</summary>
internal sealed record ObservedResult(string Camera, DateTimeOffset ArrivedAt, DateTimeOffset FirstCapture, AdaptiveState Settings, double InferenceLatencyMs);
