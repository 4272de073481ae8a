using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>Whether a silo is connected; written as <c>"online"</c> or <c>"offline"</c>.</summary>
[JsonConverter(typeof(SiloStateJsonConverter))]
public enum SiloState
{
    [JsonStringEnumMemberName("online")]
    Online,

    [JsonStringEnumMemberName("offline")]
    Offline,
}
