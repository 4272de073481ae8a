using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>The silo's own health checks, summed up as ASP.NET Core reports them: <c>"healthy"</c>, <c>"degraded"</c> or <c>"unhealthy"</c>.</summary>
[JsonConverter(typeof(SiloHealthJsonConverter))]
public enum SiloHealth
{
    [JsonStringEnumMemberName("healthy")]
    Healthy,

    [JsonStringEnumMemberName("degraded")]
    Degraded,

    [JsonStringEnumMemberName("unhealthy")]
    Unhealthy,
}
