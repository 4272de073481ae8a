using System.Text.Json.Serialization;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>Whether an edge agent is connected; written as <c>"online"</c> or <c>"offline"</c>.</summary>
[JsonConverter(typeof(CameraStateJsonConverter))]
public enum CameraState
{
    [JsonStringEnumMemberName("online")]
    Online,

    [JsonStringEnumMemberName("offline")]
    Offline,
}
