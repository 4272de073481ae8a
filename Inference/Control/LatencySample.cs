using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Inference.Control;

/// <summary>One result's end-to-end latency in ms, and where it went when its producer measured that.</summary>
internal readonly record struct LatencySample(double Ms, LatencyBreakdown? Parts);
