using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>Reads and writes <see cref="CameraState"/> as its name only; an integer is malformed, not a state.</summary>
internal sealed class CameraStateJsonConverter() : JsonStringEnumConverter<CameraState>(namingPolicy: null, allowIntegerValues: false);
