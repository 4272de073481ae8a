using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>Reads and writes <see cref="SiloState"/> as its name only; an integer is malformed, not a state.</summary>
internal sealed class SiloStateJsonConverter() : JsonStringEnumConverter<SiloState>(namingPolicy: null, allowIntegerValues: false);
