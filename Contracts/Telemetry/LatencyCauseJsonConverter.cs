using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Telemetry;

/// <summary>Reads and writes <see cref="LatencyCause"/> as its name only; an integer is malformed, not a cause.</summary>
internal sealed class LatencyCauseJsonConverter() : JsonStringEnumConverter<LatencyCause>(namingPolicy: null, allowIntegerValues: false);
