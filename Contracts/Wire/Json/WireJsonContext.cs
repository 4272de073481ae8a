using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>
/// Source-generated (reflection-free, trimming-safe) JSON for the wire messages: camelCase, enums as strings,
/// nulls omitted, and strict reading: a missing required property or a null where the type forbids one is malformed.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(InferenceResult))]
[JsonSerializable(typeof(CameraStatus))]
[JsonSerializable(typeof(ControlMessage))]
[JsonSerializable(typeof(LatencyReport))]
[JsonSerializable(typeof(SiloStatus))]
[JsonSerializable(typeof(DropNotice))]
public sealed partial class WireJsonContext : JsonSerializerContext;
