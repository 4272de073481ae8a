using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>Reads and writes <see cref="SiloHealth"/> as its name only; an integer is malformed.</summary>
internal sealed class SiloHealthJsonConverter() : JsonStringEnumConverter<SiloHealth>(namingPolicy: null, allowIntegerValues: false);
