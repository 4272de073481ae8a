using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Contracts.Grains;

/// <summary>Per-camera choice of model (by kind and checkpoint version) and latency budget.</summary>
[GenerateSerializer, Alias("edgevision.CameraSettings")]
public sealed record CameraSettings(
    [property: Id(0)] string ModelName,
    [property: Id(1)] string? ModelVersion,
    [property: Id(2)] InferenceConfig Inference);
