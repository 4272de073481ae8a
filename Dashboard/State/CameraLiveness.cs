using System.Text.Json.Serialization;

namespace EdgeVision.Dashboard.State;

/// <summary>What the camera's retained status says; <see cref="Unknown"/> until a status arrives.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CameraLiveness>))]
public enum CameraLiveness
{
    [JsonStringEnumMemberName("unknown")]
    Unknown,

    [JsonStringEnumMemberName("online")]
    Online,

    [JsonStringEnumMemberName("offline")]
    Offline,
}
