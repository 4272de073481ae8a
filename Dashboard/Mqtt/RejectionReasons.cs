using System.Text;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Dashboard.Mqtt;

/// <summary>The bounded <c>reason</c> tag values of <c>edgevision.dashboard.messages.rejected</c>.</summary>
public static class RejectionReasons
{
    /// <summary>The topic is neither <c>edgevision/{site}/{camera}/{results|status|control|latency|preview}</c> nor <c>edgevision/_silos/{siloId}</c>.</summary>
    public const string UnknownTopic = "unknown_topic";

    /// <summary>The message's site or camera differs from its topic's: a publisher writing for another camera.</summary>
    public const string TopicMismatch = "topic_mismatch";

    /// <summary>A new camera while <c>Dashboard:MaxCameras</c> are already tracked.</summary>
    public const string CameraLimit = "camera_limit";

    /// <summary>A new silo while <c>Dashboard:MaxSilos</c> are already tracked.</summary>
    public const string SiloLimit = "silo_limit";

    /// <summary>A decoder's failure as snake_case: <c>malformed</c>, <c>invalid_field</c>, <c>oversized</c>, ...</summary>
    public static string Tag(DecodeFailureReason reason)
    {
        var name = reason.ToString();
        var tag = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                tag.Append('_');
            }

            tag.Append(char.ToLowerInvariant(name[i]));
        }

        return tag.ToString();
    }
}
